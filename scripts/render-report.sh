#!/usr/bin/env bash
# Renders an HTML report (or a standalone SVG) to a PNG with headless Chromium, to check what people will see.
#   scripts/render-report.sh FILE.html|FILE.svg OUT.png [WIDTH] [HEIGHT]
#   scripts/render-report.sh FILE.html OUT.png WIDTH HEIGHT OFFSET   # the part of the page OFFSET pixels down
# Needs Debian's chromium (apt-get install -y chromium). Networking features are switched off: the report
# must render from the file alone.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 FILE.html|FILE.svg OUT.png [WIDTH=1280] [HEIGHT=2000]" >&2
  exit 2
fi
input=$1; output=$2; width=${3:-1280}; height=${4:-2000}; offset=${5:-0}
[ -f "$input" ] || { echo "$0: no such file: $input" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "$0: chromium not found (apt-get install -y chromium)" >&2; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$input")"
if [ "$offset" -gt 0 ]; then
  # A headless screenshot always starts at the top of the page, so frame the page shifted up by OFFSET.
  printf '<!DOCTYPE html><html><body style="margin:0;overflow:hidden"><iframe src="%s" style="border:0;display:block;width:%spx;height:%spx;margin-top:-%spx"></iframe></body></html>' \
    "$url" "$width" "$((height + offset))" "$offset" > "$profile/frame.html"
  url="file://$profile/frame.html"
fi
out="$(realpath -m "$output")"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --screenshot="$out" --window-size="$width,$height" \
  "$url" >/dev/null 2>&1 || true
[ -s "$out" ] || { echo "$0: chromium wrote no screenshot to $out" >&2; exit 1; }
echo "$out"
