#!/bin/sh
# fuzz.sh CCDLL WORKDIR TEST_PEREAD - the readers on damaged copies of real
# files made here: DLLs from GNU ld and lld (i686, x86_64), a client with
# delay-load imports, import libraries from GNU dlltool (long format) and
# llvm-dlltool (short format). test_peread cuts each at many lengths and
# flips bytes at random (under ASan and UBSan when they were available);
# then `ccdll exports` itself runs on every cut of the first 2 KiB of a
# DLL and many more: exit 0 or 1 (never a crash), nothing on standard
# output with 1.
ccdll=$1 WORK=$2 peread=$3
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc x86_64-w64-mingw32-gcc i686-w64-mingw32-dlltool llvm-dlltool clang ld.lld
src=$(cd "$(dirname "$0")" && pwd)
start

link_gnu i686 gnu32.dll -shared "$src/lib.c" "$src/lib.def" -Wl,--kill-at || bad "GNU ld i686 failed"
link_gnu x86_64 gnu64.dll -shared "$src/lib.c" "$src/lib.def" || bad "GNU ld x86_64 failed"
link_lld i686 lld32.dll -shared "$src/lib.c" "$src/lib.def" || bad "lld i686 failed"
llvm-dlltool -m i386:x86-64 -d "$src/lib.def" -l lib64.a &&
  link_lld x86_64 client64.exe "$src/client.c" lib64.a -Wl,-delayload=lib.dll || bad "lld x86_64 client failed"
i686-w64-mingw32-dlltool -k -d "$src/imp.def" -l gnu.a || bad "GNU dlltool failed"
llvm-dlltool -m i386 -k -d "$src/imp.def" -l llvm.a || bad "llvm-dlltool failed"

"$peread" gnu32.dll gnu64.dll lld32.dll client64.exe gnu.a llvm.a > peread.txt 2>&1 &&
  ok "test_peread on $(grep -c 'mutations read' peread.txt) files: $(tail -1 peread.txt)" ||
  { bad "test_peread"; tail -20 peread.txt; }

# ccdll exports on cuts of a DLL and of an import library.
crashes=0 listed=0 runs=0
for f in gnu32.dll gnu.a; do
  size=$(wc -c < $f)
  n=0
  while [ $n -lt "$size" ]; do
    head -c $n $f > cut.bin
    "$ccdll" exports --imports cut.bin > out.txt 2> err.txt
    s=$?
    runs=$((runs + 1))
    if [ $s = 0 ]; then listed=$((listed + 1))
    elif [ $s != 1 ] || [ -s out.txt ]; then crashes=$((crashes + 1)); echo "cut at $n: status $s"; cat err.txt | head -3; fi
    if [ $n -lt 2048 ]; then n=$((n + 1)); else n=$((n + 97)); fi
  done
done
[ $crashes = 0 ] && ok "ccdll exports on $runs cuts: exit 1 and no output ($listed cuts still whole enough to list)" ||
  bad "ccdll exports on cuts: $crashes bad exits"
finish
