#!/bin/sh
# long-run.sh BIN_DIR WORKDIR TARGET [SECONDS] - one long run of a target
# built by build.sh into BIN_DIR: WORKDIR/TARGET gets a copy of the binary,
# a working corpus started from corpus/TARGET, artifacts/ for what it
# finds, and fuzz.log; runs for SECONDS (default 1800) under nice -n 10,
# then writes the exit status to WORKDIR/TARGET/status (0: nothing found).
# When the run stops early at a finding (its input is in artifacts/), the
# rest of the time is fuzzed in fork mode (-fork=1 -ignore_crashes=1 ...),
# which saves each further finding and goes on, into fuzz-fork.log.
# Start it with nohup in the background; docs/fuzzing.md reads its numbers
# from the "Done" and final stats lines of fuzz.log.
set -u
bin=${1:?usage: long-run.sh BIN_DIR WORKDIR TARGET [SECONDS]} work=${2:?} t=${3:?} secs=${4:-1800}
here=$(cd "$(dirname "$0")" && pwd)
dir=$work/$t
mkdir -p "$dir/corpus" "$dir/artifacts" || exit 1
cp "$bin/$t" "$dir/$t" || exit 1
cp -n "$here/corpus/$t"/* "$dir/corpus/" 2>/dev/null
dict=
[ -f "$here/$t.dict" ] && cp "$here/$t.dict" "$dir/" && dict=-dict=$t.dict
cd "$dir" || exit 1
rm -f status
date -u '+%Y-%m-%d %H:%M:%S UTC' > started
echo "seed corpus: $(ls corpus | wc -l) files" > corpus-start.txt
start=$(date +%s)
opts="-timeout=25 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=artifacts/ $dict"
# shellcheck disable=SC2086
nice -n 10 "./$t" -max_total_time="$secs" -seed=1 $opts corpus > fuzz.log 2>&1
echo $? > status
left=$((secs - ($(date +%s) - start)))
if [ "$(cat status)" != 0 ] && [ $left -gt 60 ]; then
  # shellcheck disable=SC2086
  nice -n 10 "./$t" -max_total_time=$left -seed=2 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    $opts corpus > fuzz-fork.log 2>&1
  echo $? > status-fork
fi
date -u '+%Y-%m-%d %H:%M:%S UTC' > finished
echo "corpus at the end: $(ls corpus | wc -l) files, $(du -sb corpus | cut -f1) bytes" > corpus-end.txt
