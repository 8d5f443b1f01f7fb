#!/bin/sh
# delay.sh CCDLL WORKDIR - delay-load libraries (ccdll implib -y) on i386
# and x86_64, linked with GNU ld and with lld (and mingw-w64's
# __delayLoadHelper2 from libmingwex): testlib.dll is not in the program's
# import table and not loaded before the first call, is loaded by it, and
# every argument arrives (fastcall registers, floating point); a program
# that never calls runs without the DLL. The library keeps the decoration
# policy: without -k the helper asks a decorated-export DLL for Foo@4.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
. "$(dirname "$0")/programs.sh"
need llvm-readobj clang
start

for arch in x86_64 i686; do
  command -v "$(triple $arch)-gcc" >/dev/null || { echo "not checked: $arch (no $(triple $arch)-gcc)"; continue; }
  setup_arch $arch
  mkdir -p $arch/nodll && cd $arch || exit 1
  build_dll dll && cp dll/testlib.dll . || { bad "$arch: testlib.dll"; cd ..; continue; }
  "$ccdll" implib -m $M -k -d "$DEF" -y libtestlib.delay.a 2> warnings.txt || bad "$arch: ccdll implib -y"
  grep -q "'Var' is data: it cannot be delay-loaded" warnings.txt && ok "$arch: data export left out, with a warning" ||
    bad "$arch: no warning for the data export"
  for linker in gnu lld; do
    what="$arch $linker"
    link_prog $linker delay-$linker.exe "$SRC/client_delay.c" libtestlib.delay.a -lmingwex ||
      { bad "$what: link"; continue; }
    llvm-readobj --coff-imports delay-$linker.exe | grep -q 'Name: testlib.dll' &&
      bad "$what: testlib.dll is in the import table" || ok "$what: testlib.dll not in the import table"
    run_expect $arch "$PWD/delay-$linker.exe" "$what"
    link_prog $linker nodll/nocall-$linker.exe "$SRC/client_nocall.c" libtestlib.delay.a -lmingwex &&
      run_expect $arch "$PWD/nodll/nocall-$linker.exe" "$what: without the DLL, not calling it" nodll ||
      bad "$what: nocall link"
  done
  cd ..
done

# Decorated exports, no kill-at: the helper asks for Foo@4 and @Fast@12.
if command -v i686-w64-mingw32-gcc >/dev/null; then
  setup_arch i686
  mkdir -p decorated && cd decorated || exit 1
  grep -v 'Var\|RealName' "$DEF" > dec.def
  i686-w64-mingw32-gcc $FREE -shared -o testlib.dll "$SRC/testlib.c" dec.def -Wl,-e,_DllMain@12 &&
    "$ccdll" implib -m i386 -d dec.def -y libdec.delay.a || bad "decorated: DLL or library"
  for linker in gnu lld; do
    link_prog $linker dec-$linker.exe "$SRC/client_delay.c" libdec.delay.a -lmingwex ||
      { bad "decorated $linker: link"; continue; }
    run_expect i686 "$PWD/dec-$linker.exe" "decorated $linker"
  done
  cd ..
fi
finish
