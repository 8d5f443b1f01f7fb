#!/bin/sh
# realworld.sh CCDLL LIB WORKDIR
#
# Round trip and dialect tests on a real-world-sized .def: the one for
# LIB.dll made from mingw-w64's i686 import library libLIB.a (every
# __imp_ symbol; DATA where the library has no thunk). Checks that
#  - ccdll def accepts it and writes it back unchanged (normalize);
#  - --to=msvc writes exactly the `_Name@N` spelling of every stdcall name
#    (expected output made by sed), and reading that back gives the input;
#  - --pair writes NAME_i.def = the input and NAME_e.def = Name=Name@N
#    (and plain Name with --lld), again against sed;
#  - import libraries made from our files by tools we did not write define
#    the same __imp_ symbols as mingw-w64's library: llvm-dlltool -k and GNU
#    dlltool -k from NAME_i.def, lld-link (MSVC mode) from the MSVC .def.
set -u
ccdll=$1 lib=$2 work=$3
archive=/usr/i686-w64-mingw32/lib/lib$lib.a
dlltool=i686-w64-mingw32-dlltool
for tool in llvm-nm llvm-dlltool lld-link $dlltool; do
  command -v $tool >/dev/null || { echo "skipped: $tool not found"; exit 0; }
done
[ -f "$archive" ] || { echo "skipped: $archive not found"; exit 0; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1

fail=0
check() {   # check WHAT EXPECTED ACTUAL
  if cmp -s "$2" "$3"; then echo "ok: $1"; else
    echo "FAIL: $1"; diff -u "$2" "$3" | head -20; fail=1; fi
}
imp_symbols() { llvm-nm "$1" 2>/dev/null | sed -n 's/^.* [A-Za-z] \(__imp_.*\)$/\1/p' | sort -u; }

# The .def, from the archive's symbols. The linker symbol `_Foo@4` is
# `Foo@4` in a MinGW .def (`@Fast@8` stays as it is).
llvm-nm "$archive" 2>/dev/null > nm.txt
sed -n 's/^.* [A-Za-z] __imp_\(.*\)$/\1/p' nm.txt | sort -u > imports.txt
sed -n 's/^.* T \(.*\)$/\1/p' nm.txt | sort -u > thunks.txt
dll=$($dlltool -I "$archive" 2>/dev/null | head -1)
[ -n "$dll" ] || { echo "FAIL: dlltool -I found no DLL name in $archive"; exit 1; }
{
  echo "LIBRARY $dll"
  echo "EXPORTS"
  while IFS= read -r sym; do
    name=${sym#_}
    if grep -qxF -- "$sym" thunks.txt; then echo "  $name"; else echo "  $name DATA"; fi
  done < imports.txt
} > orig.def
echo "$(grep -c '^  ' orig.def) exports of $dll"
imp_symbols "$archive" > want-imp.txt

"$ccdll" def orig.def || { echo "FAIL: ccdll def rejects orig.def"; exit 1; }

"$ccdll" def -o normal.def orig.def && check "normalize keeps the file" orig.def normal.def

# MSVC spelling: names with an '@' get the i386 '_', except fastcall
# (@Fast@N), vectorcall (Vec@@N) and C++ (?...) names.
sed -E '/@@/!s/^  ([^@? ][^ ]*@[^ ]*)( DATA)?$/  _\1\2/' orig.def > want-msvc.def
"$ccdll" def --to=msvc -o msvc.def orig.def && check "translate to msvc" want-msvc.def msvc.def
"$ccdll" def --dialect=msvc --to=mingw -o back.def msvc.def && check "translate back to mingw" orig.def back.def

# The pair.
sed -E -e 's/^  ([^@ ][^ @]*)@([0-9]+)( DATA)?$/  \1=\1@\2\3/' \
       -e 's/^  @([^ @]+)@([0-9]+)( DATA)?$/  \1=@\1@\2\3/' orig.def > want-e.def
sed -E -e 's/^  ([^@ ][^ @]*)@([0-9]+)( DATA)?$/  \1\3/' \
       -e 's/^  @([^ @]+)@([0-9]+)( DATA)?$/  \1\3/' orig.def > want-lld.def
"$ccdll" def --pair="$work/pair" orig.def && check "pair: _i.def" orig.def pair_i.def &&
  check "pair: _e.def" want-e.def pair_e.def
"$ccdll" def --pair="$work/lld" --lld orig.def && check "pair: lld _e.def" want-lld.def lld_e.def

# Import libraries from our files, by other tools.
llvm-dlltool -m i386 -k -d pair_i.def -l llvm.a && imp_symbols llvm.a > llvm-imp.txt &&
  check "llvm-dlltool -k on _i.def: same __imp_ symbols" want-imp.txt llvm-imp.txt
$dlltool -k -d pair_i.def -l gnu.a && imp_symbols gnu.a > gnu-imp.txt &&
  check "GNU dlltool -k on _i.def: same __imp_ symbols" want-imp.txt gnu-imp.txt
lld-link -machine:x86 -def:msvc.def -out:msvc.lib >/dev/null && imp_symbols msvc.lib > msvc-imp.txt &&
  check "lld-link on the msvc .def: same __imp_ symbols" want-imp.txt msvc-imp.txt
exit $fail
