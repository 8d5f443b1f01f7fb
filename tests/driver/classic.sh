# classic.sh CC_DLL WORK - the classic example (examples/bar: Foo and Bar,
# __stdcall, no dllexport, no .def) in one command, for i686 and x86_64:
#
#   cc-dll -shared -o bar.dll bar.c
#
# gives bar_i.def with Foo@4 and Bar@4, bar_e.def with Foo=Foo@4 and
# Bar=Bar@4 (the two files of the reference text, written here by hand),
# a bar.dll that exports exactly Foo and Bar (llvm-readobj), and a
# libbar.dll.a whose symbols are _Foo@4 and _Bar@4 (llvm-nm) imported as
# Foo and Bar (the client's import table, llvm-readobj). A client compiled
# against bar.h links with GNU ld and with lld and runs: x86_64 under wine,
# i386 under 32-bit wine or the PE32 test loader (which also checks the
# stack after each stdcall call). The DLL and client are freestanding so
# that the PE32 loader can load them.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
BAR=$SRC/../../examples/bar
. "$SRC/../common.sh"
need llvm-readobj llvm-nm clang
start
FREE="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector -O1"

for arch in i686 x86_64; do
  command -v "$(triple $arch)-gcc" >/dev/null || { echo "not checked: $arch"; continue; }
  mkdir -p $arch && cd $arch || exit 1
  if [ $arch = i686 ]; then at4=@4 p=_ dllmain=_DllMain@12 entry=_entry; else at4= p= dllmain=DllMain entry=entry; fi
  cp "$BAR/bar.c" "$BAR/bar.h" "$SRC/entry.c" .
  "$ccdll" --ccdll-cc=$(triple $arch)-gcc $FREE -shared -o bar.dll bar.c entry.c -Wl,-e,$dllmain ||
    { bad "$arch: cc-dll"; cd ..; continue; }

  if [ $arch = i686 ]; then
    printf 'LIBRARY bar.dll\nEXPORTS\n  Bar@4 @1\n  Foo@4 @2\n' > want_i.def
    printf 'LIBRARY bar.dll\nEXPORTS\n  Bar=Bar@4 @1\n  Foo=Foo@4 @2\n' > want_e.def
  else
    printf 'LIBRARY bar.dll\nEXPORTS\n  Bar @1\n  Foo @2\n' > want_i.def
    cp want_i.def want_e.def
  fi
  same "$arch: bar_i.def" want_i.def bar_i.def
  same "$arch: bar_e.def" want_e.def bar_e.def
  llvm-readobj --coff-exports bar.dll | sed -n 's/^ *Name: //p' > exports.txt
  printf 'Bar\nFoo\n' > want_exports.txt
  same "$arch: bar.dll exports exactly Foo and Bar" want_exports.txt exports.txt
  llvm-nm libbar.dll.a 2>/dev/null | awk '$2 == "T" { print $3 }' | LC_ALL=C sort > symbols.txt
  printf '%s\n' "${p}Bar$at4" "${p}Foo$at4" "__imp_${p}Bar$at4" "__imp_${p}Foo$at4" | LC_ALL=C sort > want_symbols.txt
  same "$arch: libbar.dll.a has ${p}Foo$at4 and ${p}Bar$at4" want_symbols.txt symbols.txt

  for linker in gnu lld; do
    if [ $linker = gnu ]; then
      link_gnu $arch client-$linker.exe $FREE "$SRC/client.c" -I. -L. -lbar -lkernel32 -Wl,-e,$entry
    else
      link_lld $arch client-$linker.exe $FREE "$SRC/client.c" -I. -L. -lbar -lkernel32 -Wl,-e,entry
    fi || { bad "$arch $linker: the client does not link"; continue; }
    llvm-readobj --coff-imports client-$linker.exe | sed -n '/Name: bar.dll/,/^}/s/^ *Symbol: \([^ ]*\) .*/\1/p' |
      LC_ALL=C sort > imports.txt
    same "$arch $linker: the client imports Foo and Bar by name" want_exports.txt imports.txt
    run_win $arch client-$linker.exe > run.out 2>&1
    st=$?
    if [ $st -eq 0 ]; then ok "$arch $linker: the client runs"
    elif [ $st -eq 125 ]; then echo "not run: $arch $linker (no 32-bit wine, no PE32 loader)"
    else bad "$arch $linker: the client exits with $st"; cat run.out; fi
  done
  cd ..
done
finish
