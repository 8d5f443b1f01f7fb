#!/bin/sh
# whole-archive.sh CC_DLL WORKDIR - a DLL linked from a static library
# between -Wl,--whole-archive and -Wl,--no-whole-archive (CMake's Makefile
# generator links a DLL's objects so) exports what the library's members
# declare, as GNU ld does, although nothing refers to them; outside those
# options a member nobody refers to is not linked and exports nothing.
ccdll_driver=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc llvm-readobj
start
printf '__declspec(dllexport) int __stdcall Foo(int x) { return x; }\n' > foo.c
printf '__declspec(dllexport) int Bar(void) { return 2; }\n' > bar.c
i686-w64-mingw32-gcc -c foo.c bar.c && ar rcs libfb.a foo.o bar.o || { bad "libfb.a"; finish; }
"$ccdll_driver" --ccdll-cc=i686-w64-mingw32-gcc -shared -o whole.dll -Wl,--whole-archive libfb.a \
  -Wl,--no-whole-archive || bad "cc-dll --whole-archive"
printf 'LIBRARY whole.dll\nEXPORTS\n  Bar @1\n  Foo@4 @2\n' > want_i.def
same "whole_i.def: every member's exports" want_i.def whole_i.def
llvm-readobj --coff-exports whole.dll | sed -n 's/^ *Name: //p' | sort > got.txt
printf 'Bar\nFoo\n' > want.txt
same "whole.dll exports Bar and Foo" want.txt got.txt
"$ccdll_driver" --ccdll-cc=i686-w64-mingw32-gcc -shared -o part.dll libfb.a -Wl,--whole-archive \
  -Wl,--no-whole-archive -nostartfiles -Wl,-e,0 2> part.err
grep -q 'Foo' part_i.def 2>/dev/null && bad "a member outside --whole-archive exported" ||
  ok "outside --whole-archive: no member taken in"
finish
