#!/bin/sh
# Regenerate docs/report.png: the first page of the bundled week's schedule.html, 1280 px wide,
# as headless Chromium shows it (Debian: apt-get install chromium; CHROMIUM=... to pick another).
# Run from anywhere: sh docs/screenshot.sh
set -eu
cd "$(dirname "$0")/.."
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$browser" ]; then
    echo "no Chromium found: apt-get install chromium, or set CHROMIUM=/path/to/chrome" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/schedule.html" <<'PY'
import sys
from pathlib import Path

from scheduler.cli import BUNDLED
from scheduler.loading.loader import load_instance
from scheduler.report.html import render_html
from scheduler.engine.solving import SolveSettings
from scheduler.week import build_week

instance = load_instance(BUNDLED)
week = build_week(instance, SolveSettings(time_limit=10, seed=0))
Path(sys.argv[1]).write_text(render_html(week, instance), encoding="utf-8")
PY
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
    --window-size=1280,1500 --screenshot="$PWD/docs/report.png" "file://$tmp/schedule.html" 2>/dev/null
echo "written: docs/report.png"
