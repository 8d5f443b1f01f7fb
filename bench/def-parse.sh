#!/bin/sh
# def-parse.sh BUILD_DIR [EXPORTS] - how fast `ccdll def` reads a big .def.
#
# Generates a .def of EXPORTS (default 100,000) entries in the mix of a real
# one (stdcall names, some fastcall, DATA, ordinals, aliases) and times, as
# medians of 7 runs:
#   ccdll def FILE            read and check
#   ccdll def -o - FILE       read, check and write back
#   llvm-dlltool, lld-link    read the same .def and write an import library
#                             (more work than ours: a reference, not a race)
#   cat FILE                  the floor: reading a file of that size
set -eu
build=$1
n=${2:-100000}
ccdll=$build/wrapper/ccdll
BENCH_TMP=$(mktemp -d)
trap 'rm -rf "$BENCH_TMP"' EXIT
. "$(dirname "$0")/lib.sh"

def=$BENCH_TMP/big.def
awk -v n="$n" 'BEGIN {
  print "LIBRARY big.dll"; print "EXPORTS"
  for (i = 0; i < n; i++) {
    if (i % 50 == 7) printf "  Variable%06d DATA\n", i
    else if (i % 50 == 9) printf "  @FastFunction%06d@%d\n", i, (i % 4 + 2) * 4
    else if (i % 50 == 11) printf "  Alias%06d=Function%06d@%d @%d\n", i, i, (i % 8) * 4, int(i / 50) + 1
    else printf "  Function%06d@%d\n", i, (i % 8) * 4
  }
}' > "$def"
size=$(wc -c < "$def")

echo "def-parse: $n exports, $size bytes"
floor=$(median_ms 7 cat "$def")
check=$(median_ms 7 "$ccdll" def "$def")
rewrite=$(median_ms 7 "$ccdll" def -o - "$def")
printf '%-34s %10s %8s\n' "command" "median ms" "x floor"
printf '%-34s %10s %8s\n' "cat (floor)" "$floor" "1.00"
printf '%-34s %10s %8s\n' "ccdll def (read, check)" "$check" "$(ratio "$check" "$floor")"
printf '%-34s %10s %8s\n' "ccdll def -o - (read, write)" "$rewrite" "$(ratio "$rewrite" "$floor")"
if command -v llvm-dlltool > /dev/null; then
  t=$(median_ms 7 llvm-dlltool -m i386 -d "$def" -l "$BENCH_TMP/llvm.a")
  printf '%-34s %10s %8s   ccdll def is %sx faster\n' "llvm-dlltool -d (read, implib)" "$t" \
    "$(ratio "$t" "$floor")" "$(ratio "$t" "$check")"
fi
if command -v lld-link > /dev/null; then
  t=$(median_ms 7 lld-link -machine:x86 -def:"$def" -out:"$BENCH_TMP/lld.lib")
  printf '%-34s %10s %8s   ccdll def is %sx faster\n' "lld-link -def (read, implib)" "$t" \
    "$(ratio "$t" "$floor")" "$(ratio "$t" "$check")"
fi
