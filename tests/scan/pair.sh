#!/bin/sh
# pair.sh - ccdll scan --pair PREFIX: the NAME_i.def / NAME_e.def pair made
# from the records of api.c (tests/scan/api.h: stdcall, fastcall, cdecl,
# data, dllexport through a macro and as an attribute).
#
# usage: pair.sh CCDLL WORK
#
#  - the two files for i686, with --lld, and with -D;
#  - end to end, when i686-w64-mingw32-gcc and llvm-objdump are there: the
#    DLL linked by `ccdll link` with api_e.def exports the plain names
#    only; a client compiled against api.h links with the import library
#    `ccdll implib -k` makes from api_i.def, and imports those names.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: pair.sh CCDLL WORK}
WORK=${2:?usage: pair.sh CCDLL WORK}
here=$(cd "$(dirname "$0")" && pwd)
start
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
export XDG_CACHE_HOME="$WORK/cache"
mkdir -p out

"$ccdll" scan --target i686-w64-mingw32 --pair out/api "$here/api.c" -- -DBUILDING_API ||
  bad "ccdll scan --pair failed"
cat >want_i.def <<'DEF'
LIBRARY api.dll
EXPORTS
  Foo@4
  @Fast@12
  cdeclfn
  Var DATA
  Attr@24
  ViaMacro@4
DEF
cat >want_e.def <<'DEF'
LIBRARY api.dll
EXPORTS
  Foo=Foo@4
  Fast=@Fast@12
  cdeclfn
  Var DATA
  Attr=Attr@24
  ViaMacro=ViaMacro@4
DEF
same "api_i.def" want_i.def out/api_i.def
same "api_e.def" want_e.def out/api_e.def
for f in out/api_i.def out/api_e.def; do
  "$ccdll" def -m i386 "$f" && ok "ccdll def reads $f" || bad "ccdll def rejects $f"
done

"$ccdll" scan --target i686-w64-mingw32 --pair out/lld --lld -D other.dll "$here/api.c" -- -DBUILDING_API ||
  bad "ccdll scan --pair --lld failed"
sed -n 1p out/lld_e.def | grep -qx "LIBRARY other.dll" && ok "-D other.dll: $(sed -n 1p out/lld_e.def)" ||
  bad "-D other.dll: $(sed -n 1p out/lld_e.def)"
grep -qx "  Foo" out/lld_e.def && ok "--lld: plain Foo in the export .def" || { bad "--lld"; cat out/lld_e.def; }

# End to end.
command -v i686-w64-mingw32-gcc >/dev/null 2>&1 && command -v llvm-objdump >/dev/null 2>&1 ||
  { echo "i686-w64-mingw32-gcc or llvm-objdump not found: no DLL built"; finish; }
if "$ccdll" link -m i386 -d out/api_e.def -- i686-w64-mingw32-gcc -shared -DBUILDING_API -o api.dll "$here/api.c" &&
   "$ccdll" implib -m i386 -k -d out/api_i.def -l libapi.dll.a &&
   i686-w64-mingw32-gcc -I"$here" -o client.exe "$here/client.c" libapi.dll.a; then
  ok "DLL, import library and client linked"
  llvm-objdump -p api.dll | sed -n '/^Export Table:/,/^$/p' | awk '$1 ~ /^[0-9]+$/ && NF >= 3 { print $3 }' |
    LC_ALL=C sort >dll-exports.txt
  llvm-objdump -p client.exe | sed -n '/DLL Name: api.dll/,/^$/p' | awk '$1 ~ /^[0-9]+$/ && NF == 2 { print $2 }' |
    LC_ALL=C sort >client-imports.txt
  printf "%s\n" Attr Fast Foo ViaMacro Var cdeclfn | LC_ALL=C sort >want-names.txt
  same "the DLL exports the plain names" want-names.txt dll-exports.txt
  same "the client imports them" want-names.txt client-imports.txt
else
  bad "could not build the DLL and its client"
fi
finish
