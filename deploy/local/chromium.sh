#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (/usr/bin/chromium), for the dashboard's browser tests and page bench.
# No browser can be downloaded by Playwright here; playwright-core drives this one (executablePath).
# Idempotent: does nothing when the browser is there; otherwise `apt-get update` once and `apt-get install -y chromium`.
# Prints what it did and how long it took. CHROMIUM_PATH overrides the path checked.
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ -x $CHROMIUM ]]; then
  echo "chromium: present ($CHROMIUM)"
  exit 0
fi

t0=$(date +%s)
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || {
    echo "chromium: $CHROMIUM is missing and this is not root; install it with: apt-get install -y chromium" >&2
    exit 1
  }
  SUDO=(sudo)
fi
command -v apt-get >/dev/null || {
  echo "chromium: $CHROMIUM is missing and there is no apt-get; install Chromium and set CHROMIUM_PATH" >&2
  exit 1
}
echo "chromium: $CHROMIUM missing; installing Debian's chromium package (apt-get update, apt-get install -y chromium)"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
[[ -x $CHROMIUM ]] || {
  echo "chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
}
echo "chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium) in $(($(date +%s) - t0))s"
