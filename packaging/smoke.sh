#!/usr/bin/env bash
# Checks a built bundle: the CLI on a fresh database, the window offscreen, nothing missing.
# Usage: packaging/smoke.sh [BUNDLE_FOLDER]   (default: packaging/dist/TouchDesk)
set -uo pipefail

cd "$(dirname "$0")/.."
BUNDLE="${1:-packaging/dist/TouchDesk}"
SUFFIX=""
case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) SUFFIX=".exe" ;;
esac
GUI="$BUNDLE/TouchDesk$SUFFIX"
CLI="$BUNDLE/touchdesk-cli$SUFFIX"

# A build started meanwhile waits until this check is done (see build.sh).
mkdir -p packaging/build
if command -v flock >/dev/null; then
    exec 9>packaging/build/.lock
    flock -s 9
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Settings, logs and the sample database stay in the scratch folder, never the user's own.
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
export XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache"
mkdir -p "$HOME"
export QT_QPA_PLATFORM=offscreen
DB="$WORK/smoke.sqlite"
ALL="$WORK/all-output.log"
FAILED=0

fail() {
    echo "smoke: FAIL: $*" >&2
    FAILED=1
}

# run NAME COMMAND...: runs it with a time limit, keeps its output, fails on a non-zero exit.
run() {
    local name="$1"
    shift
    local limit=()
    if command -v timeout >/dev/null; then limit=(timeout 180); fi
    echo "== $name"
    "${limit[@]}" "$@" >"$WORK/out" 2>&1
    local code=$?
    sed 's/^/   /' "$WORK/out"
    cat "$WORK/out" >>"$ALL"
    if [[ $code -ne 0 ]]; then fail "$name exited with $code"; fi
    return $code
}

for program in "$GUI" "$CLI"; do
    [[ -x "$program" ]] || { echo "smoke: FAIL: $program is missing: build it first (packaging/build.sh)" >&2; exit 1; }
done
INTERNAL="$BUNDLE/_internal"
for file in touchdesk/resources/icons/app.svg touchdesk/resources/icons/png/app-48.png \
    touchdesk/resources/touchdesk.desktop.in; do
    [[ -f "$INTERNAL/$file" ]] || fail "$file is not in the bundle"
done
# Without these two plugins the SVG window icon is silently blank.
ls "$INTERNAL"/PySide6/Qt/plugins/iconengines/*qsvgicon* >/dev/null 2>&1 || fail "Qt's SVG icon engine is not in the bundle"
ls "$INTERNAL"/PySide6/Qt/plugins/imageformats/*qsvg* >/dev/null 2>&1 || fail "Qt's SVG image plugin is not in the bundle"

# (a) the console program on a fresh database
run "touchdesk-cli --version" "$CLI" --version
run "touchdesk-cli doctor (new database)" "$CLI" --db "$DB" --create doctor
run "touchdesk-cli demo" "$CLI" --db "$DB" demo && grep -q "Sample data added" "$WORK/out" || fail "demo did not report its sample data"
run "touchdesk-cli doctor (sample data)" "$CLI" --db "$DB" doctor
run "touchdesk-cli today --json" "$CLI" --db "$DB" today --json
run "touchdesk-cli print calls" "$CLI" --db "$DB" print calls --pdf "$WORK/calls.pdf"
[[ "$(head -c 4 "$WORK/calls.pdf" 2>/dev/null)" == "%PDF" ]] || fail "print calls wrote no PDF"
run "touchdesk-cli export vCard" "$CLI" --db "$DB" export "$WORK/all.vcf"
# The mail desk reads the bundled address-format data for every envelope and label.
for what in notes envelopes labels; do
    run "touchdesk-cli print $what" "$CLI" --db "$DB" print "$what" --pdf "$WORK/$what.pdf"
    [[ "$(head -c 4 "$WORK/$what.pdf" 2>/dev/null)" == "%PDF" ]] || fail "print $what wrote no PDF"
done

# (b) the window, offscreen, on the sample data and on a brand-new database
for db in "$DB" "$WORK/fresh.sqlite"; do
    if run "TouchDesk --quit-when-idle ($(basename "$db"))" "$GUI" --db "$db" --create --quit-when-idle; then
        grep -Eq '^\{"idle_at": [0-9.]+, "maxrss_kb": [0-9]+\}$' "$WORK/out" ||
            fail "the window exited without printing its idle line"
    fi
done

# (c) anything the bundle left out shows up as one of these, even when a step still exits 0
if grep -nE "No such file|ModuleNotFoundError|ImportError|FileNotFoundError|Traceback|Could not (find|load) the Qt platform plugin" "$ALL"; then
    fail "the output above shows something missing from the bundle"
fi

if [[ $FAILED -ne 0 ]]; then
    echo "smoke: FAILED ($BUNDLE)" >&2
    exit 1
fi
echo "smoke: OK ($BUNDLE)"
