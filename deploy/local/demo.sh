#!/usr/bin/env bash
# `npm run demo`: installs dependencies if needed (npm ci; Kafka jars and FerretDB into .cache/ on first use), builds,
# brings the local stack up (Kafka, FerretDB, mail catcher), then runs deploy/pipeline/demo.ts: every service as a process with docker-compose.yml's environment, fed the bundled
# sample mentions, printing progress, trends, the alert and where to read the email. Ctrl-C stops it all; stack
# components this script started are stopped too.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

command -v node >/dev/null || {
  echo "demo: node is not installed; please install Node.js 20.19+ (https://nodejs.org)" >&2
  exit 1
}
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
t=$(now_ms)
if ! reason=$(node deploy/local/npm-deps.js "$ROOT"); then
  echo "demo: installing npm dependencies (npm ci, exactly as package-lock.json pins them): $reason"
  npm ci --no-audit --no-fund
  echo "demo: npm dependencies installed in $(secs_since "$t")s"
fi
t=$(now_ms)
echo "demo: building (turbo run build)"
npx turbo run build --output-logs=errors-only
echo "demo: built in $(secs_since "$t")s"
STARTED=()
mapfile -t STARTED < <(bash deploy/local/stack.sh status 2>/dev/null | awk '$2 == "stopped" { print $1 }')
stop_started() {
  local c
  for c in "${STARTED[@]}"; do bash deploy/local/stack.sh "stop-$c" >/dev/null || true; done
}
trap stop_started EXIT
bash deploy/local/stack.sh up
npx tsx deploy/pipeline/demo.ts
