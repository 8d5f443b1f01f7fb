# lib.sh - helpers shared by the benchmarks (sourced).

# median_ms RUNS COMMAND...: runs COMMAND (output discarded) RUNS times and
# prints the median wall time in milliseconds, with two decimals.
median_ms() {
  runs=$1
  shift
  i=0
  : > "$BENCH_TMP/times"
  while [ $i -lt "$runs" ]; do
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1 || { echo "bench: command failed: $*" >&2; return 1; }
    t1=$(date +%s%N)
    echo $(( t1 - t0 )) >> "$BENCH_TMP/times"
    i=$((i + 1))
  done
  sort -n "$BENCH_TMP/times" | awk '{ t[NR] = $1 } END { printf "%.2f\n", t[int((NR + 1) / 2)] / 1e6 }'
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'; }
