#!/usr/bin/env bash
# Screenshots of examples/alert-email.html in headless Chromium, at desktop and phone widths.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found (Debian: apt-get install -y chromium)" >&2; exit 1; }
shot() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$PWD/examples/$1" --window-size="$2" "file://$PWD/examples/alert-email.html" 2>/dev/null
}
shot alert-email-desktop.png 1000,1340
shot alert-email-mobile.png 390,1880
echo "wrote examples/alert-email-desktop.png and examples/alert-email-mobile.png"
