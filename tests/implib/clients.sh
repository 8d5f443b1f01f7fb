#!/bin/sh
# clients.sh CCDLL WORKDIR - programs that import stdcall, fastcall and
# cdecl functions, data (with and without dllimport), a function by ordinal
# and a renamed one from testlib.dll through our kill-at import library,
# on i386 and x86_64, linked with GNU ld and with lld:
#  - their import tables (llvm-readobj) name testlib.dll, the names the DLL
#    exports, the ordinal, and as hints the index of each name in the DLL's
#    export name table;
#  - they run: x86_64 under wine, i386 under 32-bit wine or the PE32 test
#    loader ($PE32LOAD), which also checks that each stdcall and fastcall
#    call leaves the stack as the caller's decorated import expects.
# And on i386 a DLL that exports decorated names (no kill-at) works with
# the library made without -k.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
. "$(dirname "$0")/programs.sh"
need llvm-readobj clang
start


for arch in x86_64 i686; do
  command -v "$(triple $arch)-gcc" >/dev/null || { echo "not checked: $arch (no $(triple $arch)-gcc)"; continue; }
  setup_arch $arch
  mkdir -p $arch && cd $arch || exit 1
  build_dll dll || { bad "$arch: testlib.dll"; cd ..; continue; }
  cp dll/testlib.dll .

  # The import library: the .def, plus an import the DLL exports under
  # another name.
  { cat "$DEF"; echo "  Alias == RealName"; } > imp.def
  "$ccdll" implib -m $M -k -d imp.def -l libtestlib.a || bad "$arch: ccdll implib"
  expected_hints testlib.dll > dll.hints
  { grep -v "^Scale" dll.hints; echo "#5 ordinal"; } | LC_ALL=C sort > want.hints

  for linker in gnu lld; do
    what="$arch $linker"
    link_prog $linker client-$linker.exe "$SRC/client.c" libtestlib.a || { bad "$what: link"; continue; }
    import_hints client-$linker.exe > got.hints
    same "$what: imported names, ordinal and hints" want.hints got.hints
    run_expect $arch client-$linker.exe "$what"
  done

  # Data without dllimport: auto-import, by pseudo-relocations. No
  # long-format member is needed for it: both linkers do it with the
  # short import object.
  for linker in gnu lld; do
    link_prog $linker auto-$linker.exe "$SRC/client_auto.c" libtestlib.a || { bad "$arch $linker: auto-import link"; continue; }
    run_expect $arch auto-$linker.exe "$arch $linker: auto-import"
  done
  cd ..
done

# i386, decorated exports: the DLL exports Foo@4 (its .def is the _i.def),
# the library is made without -k, and the loader is asked for Foo@4.
if command -v i686-w64-mingw32-gcc >/dev/null; then
  setup_arch i686
  mkdir -p decorated && cd decorated || exit 1
  grep -v RealName "$DEF" > dec.def
  i686-w64-mingw32-gcc $FREE -shared -o testlib.dll "$SRC/testlib.c" dec.def -Wl,-e,_DllMain@12 &&
    "$ccdll" implib -m i386 -d dec.def -l libdec.a || bad "decorated: DLL or library"
  printf '__declspec(dllimport) void __stdcall ExitProcess(unsigned);\nint __stdcall Foo(int);\nint __fastcall Fast(int, int, int);\nvoid entry(void) { ExitProcess(Foo(1) == 2 && Fast(1, 2, 3) == 123 ? 0 : 1); }\n' > dec.c
  for linker in gnu lld; do
    link_prog $linker dec-$linker.exe dec.c libdec.a || { bad "decorated $linker: link"; continue; }
    import_hints dec-$linker.exe | cut -d' ' -f1 > got.names
    printf '@Fast@12\nFoo@4\n' > want.names
    same "decorated $linker: imports Foo@4 and @Fast@12" want.names got.names
    run_expect i686 dec-$linker.exe "decorated $linker"
  done
  cd ..
fi
finish
