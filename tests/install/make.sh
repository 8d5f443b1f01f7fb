#!/bin/sh
# make.sh PREFIX EXAMPLES WORK - examples/make (greet.dll: a stdcall and a
# cdecl function in two objects; a client) built by its plain Makefile
# with CC=TRIPLE-cc-dll from the INSTALLED PREFIX/bin (install.prefix), in
# a fresh directory, for i686 and x86_64: greet_i.def and greet_e.def as
# written here by hand, greet.dll's exports (llvm-readobj), libgreet.dll.a
# (llvm-nm: _greet_hello@8 on i386), the client's imports, the x86_64
# client run under wine, and a second `make` that has nothing to do.
. "$(dirname "$0")/../common.sh"
prefix=${1:?usage: make.sh PREFIX EXAMPLES WORK}
src=${2:?usage: make.sh PREFIX EXAMPLES WORK}/make
WORK=${3:?usage: make.sh PREFIX EXAMPLES WORK}
need make llvm-readobj llvm-nm
start
unset CCDLL_PLUGIN_DIR CCDLL_CC
export XDG_CACHE_HOME="$WORK/cache" PATH="$prefix/bin:$PATH"

for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  mkdir $arch && cp "$src"/Makefile "$src"/*.c "$src"/*.h $arch/ && cd $arch || exit 1
  if make CC=$t-cc-dll >make.log 2>&1; then ok "$arch: make CC=$t-cc-dll"; else
    bad "$arch: make failed"; cat make.log; cd ..; continue; fi
  if [ $arch = i686 ]; then at8=@8 p=_
    printf 'LIBRARY greet.dll\nEXPORTS\n  greet_count @1\n  greet_hello@8 @2\n' >want_i.def
    printf 'LIBRARY greet.dll\nEXPORTS\n  greet_count @1\n  greet_hello=greet_hello@8 @2\n' >want_e.def
  else at8= p=
    printf 'LIBRARY greet.dll\nEXPORTS\n  greet_count @1\n  greet_hello @2\n' >want_i.def
    cp want_i.def want_e.def
  fi
  same "$arch: greet_i.def" want_i.def greet_i.def
  same "$arch: greet_e.def" want_e.def greet_e.def
  printf 'greet_count\ngreet_hello\n' >want_names.txt
  llvm-readobj --coff-exports greet.dll | sed -n 's/^ *Name: //p' >exports.txt
  same "$arch: greet.dll exports" want_names.txt exports.txt
  llvm-nm libgreet.dll.a 2>/dev/null | awk '$2 == "T" { print $3 }' | LC_ALL=C sort >symbols.txt
  printf '%s\n' "${p}greet_count" "__imp_${p}greet_count" "${p}greet_hello$at8" "__imp_${p}greet_hello$at8" |
    LC_ALL=C sort >want_symbols.txt
  same "$arch: libgreet.dll.a has ${p}greet_hello$at8" want_symbols.txt symbols.txt
  llvm-readobj --coff-imports client.exe | sed -n '/Name: greet.dll/,/^}/s/^ *Symbol: \([^ ]*\) .*/\1/p' |
    LC_ALL=C sort >imports.txt
  same "$arch: client.exe imports greet.dll's names" want_names.txt imports.txt
  if [ $arch = x86_64 ]; then
    run_win x86_64 client.exe >run.out 2>&1
    st=$?
    [ $st -eq 0 ] && ok "$arch: client.exe runs under wine" || { bad "$arch: client.exe exits with $st"; cat run.out; }
  fi
  make -q CC=$t-cc-dll && ok "$arch: a second make has nothing to do" || bad "$arch: a second make would do more"
  cd ..
done
finish
