#!/usr/bin/env bash
# Builds the one-folder TouchDesk bundle into packaging/dist/TouchDesk (and TouchDesk.app on macOS).
# Usage: packaging/build.sh            (PYTHON=path/to/python to use another interpreter)
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "PyInstaller is missing: $PYTHON -m pip install pyinstaller" >&2
    exit 1
fi
for icon in resources/icons/png/app-16.png packaging/icons/TouchDesk.ico packaging/icons/TouchDesk.icns; do
    if [[ ! -f "$icon" ]]; then
        echo "$icon is missing: run $PYTHON packaging/make_icons.py (needs Pillow)" >&2
        exit 1
    fi
done

# One build at a time, and never under a running smoke check (it holds the lock shared).
mkdir -p packaging/build
if command -v flock >/dev/null; then
    exec 9>packaging/build/.lock
    flock 9
fi

"$PYTHON" -m PyInstaller --noconfirm --clean \
    --distpath packaging/dist --workpath packaging/build \
    packaging/touchdesk.spec

echo
echo "Built: packaging/dist/TouchDesk ($(du -sh packaging/dist/TouchDesk | cut -f1))"
echo "Check it: packaging/smoke.sh"
