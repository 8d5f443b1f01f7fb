#!/bin/sh
# cxx.sh - C++ records: the symbols ccdll scan records for classes.cpp
# (a dllexport class with constructor and destructor variants, virtual,
# static, stdcall and inline members, an explicit specialization, extern
# "C" stdcall and fastcall functions and data, namespaces, a dllexport
# member of a plain struct) are the ones the compilers export: the
# -export: directives of the object i686/x86_64-w64-mingw32-g++ and clang
# make, less the vtables and typeinfo (which have no declaration).
#
# usage: cxx.sh CCDLL WORK
#
# Also: the names (C++ ones without their @N), and the members of an
# explicit instantiation, which libclang 14 does not show (ccdll probes for
# them), against the g++ object's directives too.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: cxx.sh CCDLL WORK}
WORK=${2:?usage: cxx.sh CCDLL WORK}
here=$(cd "$(dirname "$0")" && pwd)
start
need llvm-readobj
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
export XDG_CACHE_HOME="$WORK/cache"

# The symbols of an object's export directives, one a line, sorted.
directives() {
  llvm-readobj --coff-directives "$1" | tr -d '\000' | sed -n 's/^Directive(s): *//p' | tr ' ' '\n' |
    sed -n 's/^-export:"\{0,1\}\([^",]*\)"\{0,1\}.*/\1/p' | grep -v '^_ZT[VIS]' | LC_ALL=C sort
}

compilers=0
for a in i686 x86_64; do
  "$ccdll" scan --target $a-w64-mingw32 "$here/classes.cpp" >$a.jsonl 2>$a.err || { bad "$a: scan failed"; cat $a.err; }
  sed 's/.*"symbol":"\([^"]*\)".*/\1/' $a.jsonl | LC_ALL=C sort >$a.records
  for cc in "$a-w64-mingw32-g++" "clang++ --target=$a-w64-mingw32"; do
    command -v "${cc%% *}" >/dev/null 2>&1 || continue
    compilers=$((compilers + 1))
    # shellcheck disable=SC2086
    $cc -c "$here/classes.cpp" -o obj.o || { bad "$cc cannot compile classes.cpp"; continue; }
    directives obj.o >want.txt
    same "$a: $(wc -l <$a.records) records, the symbols $cc exports" want.txt $a.records
  done
done
[ $compilers -gt 0 ] || skip "no mingw-w64 g++ or clang++"

grep -q '"name":"_ZN6Widget4sgetEi","symbol":"_ZN6Widget4sgetEi@8","conv":"stdcall","arg_bytes":8' i686.jsonl &&
  ok "a stdcall member: name without @8, symbol with it (this counted)" || bad "the stdcall member's record"
grep -q '"name":"cfunc","symbol":"cfunc@8"' i686.jsonl && ok "extern \"C\": cfunc / cfunc@8 (T *s[] is a pointer)" ||
  bad "extern \"C\" cfunc"
grep -q '"name":"_ZN6WidgetC1Ei".*"conv":"thiscall"' i686.jsonl && ok "members are thiscall on i386" ||
  bad "the constructor's convention"
grep -q '"name":"_ZN6WidgetC1Ei".*"conv":"cdecl"' x86_64.jsonl && ok "and cdecl on x86_64" ||
  bad "the constructor's convention on x86_64"

printf '%s\n' '#define API __declspec(dllexport)' \
  'template <class T> struct Box { T get() const; static T s; };' \
  'template <class T> T Box<T>::get() const { return T(); }' \
  'template <class T> T Box<T>::s;' \
  'template struct API Box<int>;' >inst.cpp
"$ccdll" scan --target i686-w64-mingw32 inst.cpp >inst.jsonl 2>inst.err || bad "inst.cpp: scan failed"
[ -s inst.err ] && { bad "explicit instantiation: messages"; cat inst.err; }
sed 's/.*"symbol":"\([^"]*\)".*/\1/' inst.jsonl | LC_ALL=C sort >inst.records
if command -v i686-w64-mingw32-g++ >/dev/null 2>&1 && i686-w64-mingw32-g++ -c inst.cpp -o inst.o; then
  directives inst.o >inst.want
  same "explicit instantiation: $(tr '\n' ' ' <inst.records)the symbols i686-w64-mingw32-g++ exports" inst.want \
    inst.records
fi
finish
