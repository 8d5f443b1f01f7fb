# implib.sh CCDLL WORK - an import library made from `ccdll gendef`'s .def
# works: the classic bar.dll (examples/bar: Foo and Bar, __stdcall,
# exported undecorated) is built by cc-dll, its own .def and import library
# thrown away, and `ccdll gendef bar.dll` must give back Foo@4 and Bar@4.
# The import library made of that .def by `ccdll implib -k` and by GNU
# `dlltool -k` links a client compiled against bar.h (it references
# _Foo@4) with GNU ld, and the client runs under 32-bit wine or the PE32
# test loader, which checks the stack after each stdcall call.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
DRIVER=$SRC/../driver
BAR=$SRC/../../examples/bar
CCDLL_CC=$(cd "$(dirname "$ccdll")" && pwd)/cc-dll
. "$SRC/../common.sh"
need i686-w64-mingw32-gcc i686-w64-mingw32-dlltool llvm-readobj
start
FREE="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector -O1"

cp "$BAR/bar.c" "$BAR/bar.h" "$DRIVER/entry.c" .
"$CCDLL_CC" --ccdll-cc=i686-w64-mingw32-gcc $FREE -shared -o bar.dll bar.c entry.c -Wl,-e,_DllMain@12 ||
  { bad "cc-dll bar.dll"; finish; }
rm -f libbar.dll.a bar_i.def bar_e.def
"$ccdll" gendef bar.dll -o gen.def 2> gendef.err || { bad "ccdll gendef"; cat gendef.err; finish; }
grep -v '^ *\(LIBRARY\|EXPORTS\)' gen.def | sed 's/^ *//' | LC_ALL=C sort > got.txt
printf 'Bar@4\nFoo@4\n' > want.txt
same "gendef gives Foo@4 and Bar@4" want.txt got.txt
grep -q '^LIBRARY bar.dll$' gen.def && ok "LIBRARY bar.dll" || bad "no LIBRARY bar.dll in gen.def"

for tool in ccdll dlltool; do
  rm -f libbar.dll.a
  if [ $tool = ccdll ]; then
    "$ccdll" implib -m i386 -k -d gen.def -l libbar.dll.a
  else
    i686-w64-mingw32-dlltool -k -d gen.def -l libbar.dll.a
  fi || { bad "$tool: import library"; continue; }
  link_gnu i686 client-$tool.exe $FREE "$DRIVER/client.c" -I. -L. -lbar -lkernel32 -Wl,-e,_entry ||
    { bad "$tool: the client does not link"; continue; }
  llvm-readobj --coff-imports client-$tool.exe | sed -n '/Name: bar.dll/,/^}/s/^ *Symbol: \([^ ]*\) .*/\1/p' |
    LC_ALL=C sort > imports.txt
  printf 'Bar\nFoo\n' > want_imports.txt
  same "$tool: the client imports Foo and Bar by name" want_imports.txt imports.txt
  run_win i686 client-$tool.exe > run.out 2>&1
  st=$?
  if [ $st -eq 0 ]; then ok "$tool: the client runs"
  elif [ $st -eq 125 ]; then echo "not run: $tool (no 32-bit wine, no PE32 loader)"
  else bad "$tool: the client exits with $st"; cat run.out; fi
done
finish
