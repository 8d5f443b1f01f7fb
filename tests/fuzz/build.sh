#!/bin/sh
# build.sh OUT_DIR - builds the libFuzzer targets of tests/fuzz (fuzz_*.c)
# into OUT_DIR with clang: the core library's sources (the ccdll_core list
# of wrapper/CMakeLists.txt) compiled with -fsanitize=fuzzer-no-link and
# ASan and UBSan, each target linked with -fsanitize=fuzzer. UBSan reports
# are fatal (-fno-sanitize-recover=undefined). Objects are rebuilt only
# when their source, core.h or this script is newer.
#
# CLANG names the compiler (default clang); FUZZ_CFLAGS adds flags.
# Exits 77, after a line starting "skipped:", when clang cannot build a
# libFuzzer target.
set -u
out=${1:?usage: build.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
wrapper=$(cd "$here/../../wrapper" && pwd)
cc=${CLANG:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer -Wall -Wextra ${FUZZ_CFLAGS:-}"

command -v "$cc" >/dev/null 2>&1 || { echo "skipped: $cc not found"; exit 77; }
mkdir -p "$out/obj" || exit 1

# Does clang have libFuzzer (and the sanitizers' runtimes)?
probe=$out/obj/probe
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' > "$probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$probe" "$probe.c" > "$probe.log" 2>&1; then
  echo "skipped: $cc cannot link a libFuzzer target (-fsanitize=fuzzer,address,undefined):"
  head -5 "$probe.log"
  exit 77
fi

# The core library: the .c files of "add_library(ccdll_core STATIC ...)", or
# of the list "set(CCDLL_CORE_SOURCES ...)" it is given, up to the ")";
# never the programs' tool*.c and driver*.c.
sources=$(awk '/^(add_library\(ccdll_core STATIC|set\(CCDLL_CORE_SOURCES)/ { on = 1 }
  on { print } on && /\)/ { on = 0 }' "$wrapper/CMakeLists.txt" | grep -o '[A-Za-z0-9_]*\.c' |
  grep -v '^tool\|^driver' | sort -u)
[ -n "$sources" ] || { echo "build.sh: no ccdll_core sources in $wrapper/CMakeLists.txt"; exit 1; }

# stale OBJ SRC: OBJ is missing or older than SRC, core.h or this script.
stale() {
  [ ! -f "$1" ] || [ "$2" -nt "$1" ] || [ "$wrapper/core.h" -nt "$1" ] || [ "$here/build.sh" -nt "$1" ]
}

status=0
for s in $sources; do
  o=$out/obj/${s%.c}.o
  if stale "$o" "$wrapper/$s"; then echo "$o $wrapper/$s"; fi
done > "$out/obj/todo"
# Two compilers at a time (xargs -P).
if [ -s "$out/obj/todo" ]; then
  # shellcheck disable=SC2086
  xargs -P 2 -n 2 sh -c 'echo "  CC $(basename "$1")"; exec "$0" '"$cflags $san -fsanitize=fuzzer-no-link"' -I"'"$wrapper"'" -c -o "$1" "$2"' "$cc" \
    < "$out/obj/todo" || status=1
fi
[ $status = 0 ] || { echo "build.sh: compiling the core library failed"; exit 1; }
lib=$out/obj/libccdll_fuzz.a
rm -f "$lib"
objs=
for s in $sources; do objs="$objs $out/obj/${s%.c}.o"; done
# shellcheck disable=SC2086
ar rcs "$lib" $objs || exit 1

for t in "$here"/fuzz_*.c; do
  name=$(basename "$t" .c)
  echo "  LD $name"
  # shellcheck disable=SC2086
  "$cc" $cflags $san -fsanitize=fuzzer -I"$wrapper" -I"$here" -o "$out/$name" "$t" "$lib" || status=1
done
[ $status = 0 ] || echo "build.sh: building the targets failed"
exit $status
