#!/bin/sh
# wine-prefix.sh - makes the wine prefix the tests share (see common.sh),
# once, before the tests that run programs under wine.
. "$(dirname "$0")/common.sh"
need wine
wineboot --init >/dev/null 2>&1
wine cmd /c exit 0 >/dev/null 2>&1 && echo "ok: wine prefix $WINEPREFIX" || { echo "FAIL: wine does not start"; exit 1; }
