#!/bin/sh
# run-def.sh CCDLL FILE.def WORKDIR
#
# Runs `ccdll def` on a malformed .def and checks that
#  - it exits with status 1 and prints nothing on standard output,
#  - its diagnostics are exactly the `; expect: LINE:COL: LEVEL: TEXT` lines
#    of FILE.def (every error of the file, nothing else),
#  - the outputs it was asked for are not written: earlier files at those
#    paths are left as they were, and no temporary file is left behind.
# A `; args: ...` line adds options (e.g. --dialect=msvc).
set -u
ccdll=$1 file=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
outputs="out_i.def out_e.def out.def"
for f in $outputs; do echo "earlier $f" > "$work/$f"; done

args=$(sed -n 's/^; args: //p' "$file" | tr -d '\r')
# shellcheck disable=SC2086
"$ccdll" def $args --pair="$work/out" -o "$work/out.def" "$file" > "$work/stdout" 2> "$work/stderr"
status=$?

fail=0
if [ "$status" -ne 1 ]; then
  echo "FAIL: exit status $status, expected 1"
  fail=1
fi
sed -n 's/^; expect: //p' "$file" | tr -d '\r' | sed "s|^|$file:|" > "$work/expected"
grep -E ': (error|warning|note): ' "$work/stderr" > "$work/actual"
if ! diff -u "$work/expected" "$work/actual"; then
  echo "FAIL: diagnostics differ (- expected, + actual); full stderr:"
  cat "$work/stderr"
  fail=1
fi
for f in $outputs; do
  if [ "$(cat "$work/$f")" != "earlier $f" ]; then
    echo "FAIL: $f was overwritten"
    fail=1
  fi
done
stray=$(ls -A "$work" | grep -v -x -E 'out_i\.def|out_e\.def|out\.def|stdout|stderr|expected|actual')
if [ -n "$stray" ]; then
  echo "FAIL: files left behind: $stray"
  fail=1
fi
if [ -s "$work/stdout" ]; then
  echo "FAIL: output on stdout"
  fail=1
fi
[ $fail -eq 0 ] && echo "ok: $(wc -l < "$work/expected") diagnostics as expected"
exit $fail
