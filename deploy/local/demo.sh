#!/usr/bin/env bash
# `npm run demo` (placeholder until the full demo lands): installs dependencies if needed, builds, brings the local
# stack up and shows where everything runs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

command -v node >/dev/null || {
  echo "demo: node is not installed; please install Node.js 20.19+ (https://nodejs.org)" >&2
  exit 1
}
if ! reason=$(node deploy/local/npm-deps.js "$ROOT"); then
  echo "demo: installing dependencies (npm ci): $reason"
  npm ci --no-audit --no-fund
fi
echo "demo: building (turbo run build)"
npx turbo run build --output-logs=errors-only
bash deploy/local/stack.sh up
bash deploy/local/stack.sh status
# shellcheck disable=SC1091
source "${CRUMBTRAIL_DATA_DIR:-$ROOT/.data}/stack.env"
echo "demo: the stack is up. Alert emails will show up at ${MAIL_UI_URL:-your SMTP server} (JSON: ${MAIL_UI_URL:-}messages)."
echo "demo: stop it with: npm run stack:down"
