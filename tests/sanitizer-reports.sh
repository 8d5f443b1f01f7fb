#!/bin/sh
# sanitizer-reports.sh DIR - fails when a sanitizer wrote a report into DIR
# during the tests (CCDLL_SANITIZE builds), and prints the reports.
dir=$1
if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
  echo "FAIL: $(ls "$dir" | wc -l) sanitizer reports:"
  for f in "$dir"/*; do echo "== $f"; head -40 "$f"; done
  exit 1
fi
echo "ok: no sanitizer report"
