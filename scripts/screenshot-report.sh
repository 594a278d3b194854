#!/usr/bin/env bash
# Takes a full-page screenshot of a report.html with headless Chromium, offline.
#   scripts/screenshot-report.sh REPORT_HTML OUT_PNG [WIDTH [HEIGHT]]
# Installs the Debian package `chromium` first when no Chromium is on the PATH (as root, or through sudo).
# The report is self-contained, so the browser runs with networking pointed nowhere: if a chart ever
# tried to load something, it would show up blank in the screenshot rather than silently succeed.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT_HTML OUT_PNG [WIDTH [HEIGHT]]" >&2
  exit 2
fi
html=$(realpath "$1")
out=$(realpath -m "$2")
width=${3:-1280}
height=${4:-2000}
[ -f "$html" ] || { echo "no such file: $html" >&2; exit 2; }

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  if [ "$(id -u)" -eq 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  echo "screenshot-report: installing chromium with ${apt_get[*]}" >&2
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y --no-install-recommends chromium >&2 \
    || { DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update >&2 \
         && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y --no-install-recommends chromium >&2; }
  browser=$(command -v chromium)
fi

mkdir -p "$(dirname "$out")"
rm -f "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --proxy-server pointing at a closed port keeps the page offline; the virtual time budget lets the
# chart scripts finish before the picture is taken.
"$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --no-default-browser-check \
  --proxy-server="127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
  --window-size="$width,$height" --virtual-time-budget=5000 \
  --screenshot="$out" "file://$html" >"$profile/browser.log" 2>&1 || true
[ -s "$out" ] || { cat "$profile/browser.log" >&2; echo "screenshot-report: no screenshot written to $out" >&2; exit 1; }
echo "$out"
