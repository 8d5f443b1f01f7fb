#!/bin/sh
# smoke.sh WORKDIR - the libFuzzer targets of tests/fuzz, briefly: built by
# build.sh into WORKDIR/bin, each run over its seed corpus (corpus/TARGET)
# and then for 3000 more inputs (-seed=1, so the same ones each time), and
# over each reproducer of regressions/TARGET (bugs found by fuzzing, which
# must stay fixed). Any crash, leak, timeout or UBSan report fails it.
# Prints "skipped" when clang cannot build libFuzzer targets.
WORK=$1
. "$(dirname "$0")/../common.sh"
here=$(cd "$(dirname "$0")" && pwd)
start

sh "$here/build.sh" "$WORK/bin" > build.log 2>&1
s=$?
[ $s = 77 ] && skip "$(grep '^skipped:' build.log | sed 's/^skipped: //')"
[ $s = 0 ] || { cat build.log; bad "build.sh failed"; finish; }
ok "built $(ls "$here"/fuzz_*.c | wc -l) targets"

# has_report LOG: a sanitizer or libFuzzer finding is in LOG.
has_report() { grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: ' "$1"; }

for src in "$here"/fuzz_*.c; do
  t=$(basename "$src" .c)
  mkdir -p "new-$t" "artifacts-$t"
  dict=
  [ -f "$here/$t.dict" ] && dict=-dict=$here/$t.dict
  # New inputs go to new-$t; the seeds stay as they are.
  "$WORK/bin/$t" -runs=3000 -seed=1 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="artifacts-$t/" $dict \
    "new-$t" "$here/corpus/$t" > "$t.log" 2>&1
  s=$?
  if [ $s = 0 ] && ! has_report "$t.log"; then
    ok "$t: $(ls "$here/corpus/$t" | wc -l) seeds and 3000 runs, $(grep -o 'cov: [0-9]* ft: [0-9]*' "$t.log" | tail -1)"
  else
    bad "$t: exit $s"
    grep -E 'ERROR|runtime error|SUMMARY|check failed|Test unit written' "$t.log" | head -10
  fi
  for r in "$here/regressions/$t"/*; do
    [ -f "$r" ] || continue
    name=$(basename "$r")
    if "$WORK/bin/$t" -runs=1 -timeout=10 -rss_limit_mb=512 "$r" > "regression-$t-$name.log" 2>&1 && ! has_report "regression-$t-$name.log"; then
      ok "$t: regression $name"
    else
      bad "$t: regression $name (tests/fuzz/regressions/$t/$name)"
      grep -E 'ERROR|runtime error|check failed' "regression-$t-$name.log" | head -3
    fi
  done
done
finish
