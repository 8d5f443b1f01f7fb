#!/bin/sh
# claims.sh CCDLL WORKDIR - every cell of README's table "Against the other
# tools", observed here on the same inputs. Each check states what a tool
# does today; when a tool changes, this test fails and the table must be
# corrected with it. It prints the table's rows as it finds them.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc i686-w64-mingw32-dlltool llvm-dlltool llvm-nm clang gendef
start

# fact WHAT COMMAND...: the command succeeds (the fact holds).
fact() { what=$1; shift; if "$@" > /dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
# status WHAT EXPECTED COMMAND...: the command's exit status.
status() {
  what=$1 want=$2; shift 2
  "$@" > /dev/null 2>&1
  got=$?
  [ "$got" = "$want" ] && ok "$what: exit status $got" || bad "$what: exit status $got, the table says $want"
}

# 1. A .def with an unknown directive (line 2).
printf 'LIBRARY bar.dll\nFROBNICATE\nEXPORTS\nFoo@4\n' > unknown.def
status "ccdll implib, unknown directive" 1 "$ccdll" implib -m i386 -d unknown.def -l a.a
status "GNU dlltool, unknown directive" 0 i686-w64-mingw32-dlltool -d unknown.def -l b.a
status "llvm-dlltool, unknown directive" 1 llvm-dlltool -m i386 -d unknown.def -l c.a
"$ccdll" implib -m i386 -d unknown.def -l a.a 2>&1 | grep -q '^unknown.def:2:1: error: ' &&
  ok "ccdll names the line and column" || bad "ccdll's message has no place"

# 2. An ordinal past 65535.
printf 'LIBRARY bar.dll\nEXPORTS\nFoo@4 @70000\n' > ordinal.def
status "ccdll implib, ordinal 70000" 1 "$ccdll" implib -m i386 -d ordinal.def -l a.a
status "GNU dlltool, ordinal 70000" 0 i686-w64-mingw32-dlltool -d ordinal.def -l b.a
status "llvm-dlltool, ordinal 70000" 0 llvm-dlltool -m i386 -d ordinal.def -l c.a

# 3. A kill-at import library for int __stdcall Foo(int): clients link
# _Foo@4 (what the prototype makes), the loader looks up Foo.
printf 'int __stdcall Foo(int x) { return x; }\n' > foo.c
printf 'LIBRARY foo.dll\nEXPORTS\nFoo@4\n' > foo_i.def
has_decorated() { llvm-nm "$1" 2>/dev/null | grep -q ' T _Foo@4$'; }
"$ccdll" implib -m i386 -k -d foo_i.def -l libccdll.a
fact "ccdll implib -k keeps _Foo@4" has_decorated libccdll.a
i686-w64-mingw32-dlltool -k -d foo_i.def -l libgnu.a
fact "GNU dlltool -k keeps _Foo@4" has_decorated libgnu.a
llvm-dlltool -m i386 -k -d foo_i.def -l libllvm.a
fact "llvm-dlltool -k keeps _Foo@4" has_decorated libllvm.a
i686-w64-mingw32-gcc -shared -o foo-ld.dll foo.c -Wl,--kill-at,--out-implib,libld.a
fact "GNU ld --kill-at --out-implib loses it (only _Foo)" sh -c '! llvm-nm libld.a | grep -q "_Foo@4" && llvm-nm libld.a | grep -q " T _Foo$"'
link_lld i686 foo-lld.dll -shared foo.c -Wl,--kill-at,--out-implib,liblld.a
fact "lld --kill-at --out-implib loses it (only _Foo)" sh -c '! llvm-nm liblld.a | grep -q "_Foo@4" && llvm-nm liblld.a | grep -q " T _Foo$"'

# 4. gendef on a DLL that exports a fastcall function undecorated.
printf 'int __fastcall Fast(int a, int b, int c) { return a + b + c; }\n' > fast.c
i686-w64-mingw32-gcc -O2 -shared -o fast.dll fast.c -Wl,--kill-at
gendef - fast.dll 2>/dev/null | grep -q '^Fast@4' && ok "mingw-w64 gendef writes Fast@4 for @Fast@12" ||
  bad "mingw-w64 gendef no longer writes Fast@4"
"$ccdll" gendef fast.dll 2>/dev/null | grep -q 'Fast ; ccdll: unsure' && ok "ccdll gendef marks Fast unsure without a header" ||
  bad "ccdll gendef without a header"
printf 'int __fastcall Fast(int a, int b, int c);\n' > fast.h
if "$ccdll" scan --help | grep -q 'built without libclang'; then
  echo "not checked: ccdll gendef --header (no libclang)"
else
  "$ccdll" gendef --header fast.h fast.dll | grep -q '^ *@Fast@12$' && ok "ccdll gendef --header writes @Fast@12" ||
    bad "ccdll gendef --header"
fi

# 5. An export object for 65,536 exports.
awk 'BEGIN { print "LIBRARY big.dll"; print "EXPORTS"; for (i = 0; i < 65536; i++) printf "F%d\n", i }' > big.def
status "ccdll exp, 65,536 exports" 1 "$ccdll" exp -m i386 -d big.def -o big-ccdll.o
status "GNU dlltool -e, 65,536 exports" 0 i686-w64-mingw32-dlltool -d big.def -e big-gnu.o
[ ! -s big-gnu.o ] && ok "GNU dlltool -e wrote no object" || bad "GNU dlltool -e wrote an object"
finish
