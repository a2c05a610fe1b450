#!/usr/bin/env bash
# `npm test`: everything a fresh clone needs, then every test suite.
#   1. npm ci (from the committed lock) when node_modules is missing or does not match package-lock.json
#   2. build (turbo)
#   3. the local stack (Kafka, FerretDB, mail catcher; installed into .cache/ on first use), unless KAFKA_BROKERS and
#      MONGO_URL name external services
#   4. jest: unit, integration and e2e projects; extra arguments are passed to jest
#      (e.g. `npm test -- services/poller` or `npm test -- --selectProjects unit`)
#   5. a final line "N passed, N failed"; the exit status is jest's
# Components of the stack that this script started are stopped again at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
STACK="$ROOT/deploy/local/stack.sh"

now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
TIMINGS=()
T0=$(now_ms)

command -v node >/dev/null || {
  echo "test: node is not installed; please install Node.js 20.19+ (https://nodejs.org)" >&2
  exit 1
}

t=$(now_ms)
if ! reason=$(node deploy/local/npm-deps.js "$ROOT"); then
  echo "test: installing dependencies (npm ci, exactly as package-lock.json pins them): $reason"
  # npm ci never rewrites the lock (a fresh clone stays clean) and fails loudly when package.json and the lock disagree.
  npm ci --no-audit --no-fund
  TIMINGS+=("npm ci $(secs_since "$t")s")
fi

t=$(now_ms)
echo "test: building (turbo run build)"
npx turbo run build --output-logs=errors-only
TIMINGS+=("build $(secs_since "$t")s")

# Which stack components were not running before: only those are stopped at the end.
STARTED=()
stop_started() {
  local c
  for c in "${STARTED[@]}"; do bash "$STACK" "stop-$c" >/dev/null || true; done
}
if [[ -n ${KAFKA_BROKERS:-} && -n ${MONGO_URL:-} ]]; then
  echo "test: using external services KAFKA_BROKERS=$KAFKA_BROKERS and MONGO_URL"
else
  t=$(now_ms)
  mapfile -t STARTED < <(bash "$STACK" status 2>/dev/null | awk '$2 == "stopped" { print $1 }')
  trap stop_started EXIT
  bash "$STACK" up
  TIMINGS+=("stack $(secs_since "$t")s")
  # Tests read the stack from the environment (jest's globalSetup would do the same).
  # shellcheck disable=SC1091
  source "${CRUMBTRAIL_DATA_DIR:-$ROOT/.data}/stack.env"
  export CRUMBTRAIL_STACK_VERIFIED=1 # jest's globalSetup need not ask stack.sh again
fi

bash deploy/local/chromium.sh # the dashboard's browser tests drive Debian's Chromium (installed when missing)
results=$(mktemp -t crumbtrail-jest-XXXXXX.json)
projects=(--selectProjects unit integration e2e)
for arg in "$@"; do [[ $arg == --selectProjects* ]] && projects=(); done
t=$(now_ms)
rc=0
npx jest "$@" --json --outputFile="$results" "${projects[@]}" || rc=$?
TIMINGS+=("jest $(secs_since "$t")s")

echo "test: timings: ${TIMINGS[*]}, total $(secs_since "$T0")s"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const broken = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  if (broken > 0) console.log(`${broken} test file(s) failed to run`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$results" 2>/dev/null || echo "0 passed, 0 failed (jest wrote no results)"
rm -f "$results"
exit "$rc"
