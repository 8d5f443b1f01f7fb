#!/bin/sh
# header.sh CCDLL WORK - `ccdll gendef --header`: lib.dll exports undecorated
# names (GNU ld --kill-at) whose code cannot tell their decoration (a
# stdcall function without arguments, fastcall functions); with lib.h the
# .def has each one as GCC decorates its prototype, checked against the
# symbols GCC itself puts in the object (llvm-nm), and no line is unsure.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)/header
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc llvm-nm
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
start
cp "$SRC"/lib.h "$SRC"/lib.c .
i686-w64-mingw32-gcc -O2 -c lib.c && i686-w64-mingw32-gcc -shared -o lib.dll lib.o -Wl,--kill-at,--export-all-symbols ||
  { bad "lib.dll"; finish; }
# The truth: the symbols GCC gave the definitions, without the i386 '_'.
llvm-nm lib.o | sed -n 's/.* [TD] _\{0,1\}\(.*\)/\1/p' | sed 's/^\(Data\)$/\1 DATA/' | LC_ALL=C sort > want.txt
"$ccdll" gendef --header lib.h lib.dll -o gen.def 2> gendef.err || { bad "ccdll gendef --header"; cat gendef.err; }
grep -v '^ *\(LIBRARY\|EXPORTS\)' gen.def | sed 's/^ *//' | LC_ALL=C sort > got.txt
same "gendef --header: each export as GCC decorates it" want.txt got.txt
grep -q unsure gen.def gendef.err && bad "an unsure line with the header" || ok "nothing unsure with the header"
# Without the header the code tells NoArgs and the fastcall ones wrong or
# not at all: the header matters.
"$ccdll" gendef lib.dll -o bare.def 2> /dev/null
grep -q '^ *@Fast@12$' bare.def && bad "the code alone told @Fast@12?" || ok "the code alone cannot tell @Fast@12"
finish
