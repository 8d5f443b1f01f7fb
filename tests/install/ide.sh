#!/bin/sh
# ide.sh PREFIX EXAMPLES WORK - the editor and IDE flow: examples/cmake
# configured with CMAKE_EXPORT_COMPILE_COMMANDS=ON (toolchain files of the
# INSTALLED package, i686 and x86_64) and built; then
#
#   ccdll scan -p BUILD --pair=OUT/foo src/foo.c
#
# takes foo.c's flags (FOO_BUILDING, the include directory of foo.h, the
# target from the TRIPLE-cc-dll compiler's name) from
# BUILD/compile_commands.json and writes OUT/foo_i.def and OUT/foo_e.def
# without compiling: the same exports, decorations and DATA flags as the
# pair cc-dll wrote in the build (ordinals and order aside: the scanner
# numbers nothing). OUT is given relative (to the current directory, not
# to BUILD: the first run parses, with a cold cache) and absolute.
. "$(dirname "$0")/../common.sh"
prefix=${1:?usage: ide.sh PREFIX EXAMPLES WORK}
src=${2:?usage: ide.sh PREFIX EXAMPLES WORK}/cmake
WORK=${3:?usage: ide.sh PREFIX EXAMPLES WORK}
need cmake
start
unset CCDLL_PLUGIN_DIR CCDLL_CC
export XDG_CACHE_HOME="$WORK/cache"
ccdll=$prefix/bin/ccdll
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"

# The entries of a .def without ordinals, sorted.
entries() { sed -n '/^EXPORTS/,$p' "$1" | sed -e '1d' -e 's/^ *//' -e 's/ @[0-9][0-9]*//' | LC_ALL=C sort; }

for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  if cmake -S "$src" -B build-$arch --toolchain "$prefix/lib/cmake/ccdll/toolchain-$t.cmake" \
       -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >build-$arch.log 2>&1 && cmake --build build-$arch >>build-$arch.log 2>&1; then
    ok "$arch: configured with CMAKE_EXPORT_COMPILE_COMMANDS=ON and built"
  else
    bad "$arch: the build failed"; tail -30 build-$arch.log; continue
  fi
  [ -f build-$arch/compile_commands.json ] || { bad "$arch: no compile_commands.json"; continue; }
  for out in "rel-$arch" "$WORK/out-$arch"; do
    rm -rf "$out" && mkdir "$out"
    if "$ccdll" scan -p build-$arch --pair="$out/foo" "$src/src/foo.c" >scan.log 2>&1; then
      ok "$arch: ccdll scan -p build-$arch --pair=$out/foo src/foo.c"
    else
      bad "$arch: ccdll scan -p build-$arch --pair=$out/foo failed"; cat scan.log; continue
    fi
    for half in i e; do
      head -1 "$out/foo_$half.def" | grep -qx 'LIBRARY foo.dll' || bad "$arch: $out/foo_$half.def: not LIBRARY foo.dll"
      entries build-$arch/foo_$half.def >want.txt
      entries "$out/foo_$half.def" >got.txt
      same "$arch: $out/foo_$half.def has the exports of build-$arch/foo_$half.def" want.txt got.txt
    done
  done
done
finish
