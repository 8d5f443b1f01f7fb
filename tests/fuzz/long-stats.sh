#!/bin/sh
# long-stats.sh WORKDIR - the numbers of the long runs that long-run.sh
# made in WORKDIR, as the rows of the table in docs/fuzzing.md: target,
# seconds, total executions, executions per second, final coverage
# (cov/ft; of a finished run, its final corpus replayed), corpus (files,
# KB), findings (files in artifacts/).
work=${1:?usage: long-stats.sh WORKDIR}
export LC_ALL=C
echo "| target | time (s) | execs | exec/s | cov | ft | corpus (files / KB) | findings |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for d in "$work"/fuzz_*/; do
  t=$(basename "$d")
  log=$d/fuzz.log
  [ -f "$log" ] || continue
  execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log")
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  last=$(grep -aE '^#[0-9]+' "$log" | grep -a "cov:" | tail -1)
  [ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\)[^0-9].*/\1/p')
  cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  # Fork mode after a finding: its lines are "#N: cov: C ft: F corp: K exec/s: E ... time: Ts".
  if [ -f "$d/fuzz-fork.log" ]; then
    flast=$(grep -aE '^#[0-9]+: cov:' "$d/fuzz-fork.log" | tail -1)
    if [ -n "$flast" ]; then
      execs=$((${execs:-0} + $(echo "$flast" | sed -n 's/^#\([0-9]*\):.*/\1/p')))
      cov=$(echo "$flast" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
      ft=$(echo "$flast" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
      secs=$((${secs:-0} + $(echo "$flast" | sed -n 's/.* time: \([0-9]*\)s.*/\1/p')))
    fi
  fi
  # Once finished: the coverage of the final corpus, replayed (-runs=0),
  # the same measure for a plain run and one that went on in fork mode
  # (whose own cov and ft count differently).
  if [ -f "$d/finished" ] && [ -x "$d/$t" ]; then
    [ -s "$d/cov-final.txt" ] || (cd "$d" && "./$t" -runs=0 corpus 2>&1 | grep -a 'INITED' | tail -1 > cov-final.txt)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' "$d/cov-final.txt")
    ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' "$d/cov-final.txt")
  fi
  if [ -f "$d/started" ] && [ -f "$d/finished" ]; then
    secs=$(( $(date -d "$(cat "$d/finished")" +%s) - $(date -d "$(cat "$d/started")" +%s) ))
  elif [ -f "$d/started" ]; then
    secs="$(( $(date +%s) - $(date -d "$(cat "$d/started")" +%s) )) (running)"
  fi
  rate=-
  s=${secs%% *}
  [ -n "$execs" ] && [ "${s:-0}" -gt 0 ] && rate=$((execs / s))
  files=$(ls "$d/corpus" | wc -l) kb=$(( $(du -sb "$d/corpus" | cut -f1) / 1024 ))
  found=$(ls "$d/artifacts" 2>/dev/null | wc -l)
  [ "$found" = 0 ] && found=none || found="$found: $(ls "$d/artifacts" | tr '\n' ' ')"
  echo "| $t | $secs | $execs | $rate | $cov | $ft | $files / $kb | $found |"
done
