#!/bin/sh
# renames.sh CCDLL WORKDIR - `Alias == RealName`, an import under a symbol
# no name type turns into the exported name.
#  - By default the library holds a long-format member with its own import
#    directory entry: a program linked with GNU ld and with lld imports
#    RealName from testlib.dll (llvm-readobj) and runs (tests/implib/clients
#    runs one on both machines; here the import tables are checked).
#  - With --exportas, a short import object of name type EXPORTAS (4) whose
#    strings are the symbol, the DLL name and RealName, read from the bytes
#    as the PE/COFF specification lays them out ("Import Header").
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need llvm-readobj od
start

printf 'LIBRARY testlib.dll\nEXPORTS\n  Alias == RealName\n' > ren.def
printf 'int Alias(int);\nint main(void) { return Alias(1); }\n' > ren.c
"$ccdll" implib -m i386:x86-64 -d ren.def -l libren.a || bad "ccdll implib"
for linker in gnu lld; do
  if command -v x86_64-w64-mingw32-gcc >/dev/null; then
    if [ $linker = gnu ]; then link_gnu x86_64 ren-$linker.exe ren.c libren.a; else link_lld x86_64 ren-$linker.exe ren.c libren.a; fi ||
      { bad "$linker: link"; continue; }
    llvm-readobj --coff-imports ren-$linker.exe | sed -n '/Name: testlib.dll/,/^}/p' | grep -q 'Symbol: RealName (' &&
      ok "$linker: the program imports RealName" || bad "$linker: RealName not imported"
  fi
done

"$ccdll" implib -m i386:x86-64 --exportas -d ren.def -l exportas.a || bad "ccdll implib --exportas"
# The short import member: its header starts with Sig1 0, Sig2 0xffff.
off=$(od -A d -t x1 -v exportas.a | awk '{ for (i = 2; i <= NF; i++) print $1 + i - 2, $i }' |
      awk 'prev == "00" && pprev == "00" && $2 == "ff" { getline n; if (n ~ / ff$/) { print $1 - 2; exit } } { pprev = prev; prev = $2 }')
if [ -z "$off" ]; then
  bad "--exportas: no short import object found"
else
  # Type and Name Type are the 16-bit word at offset 18: Type in bits 0-1,
  # Name Type in bits 2-4.
  word=$(od -A n -t u2 -j $((off + 18)) -N 2 exportas.a | tr -d ' ')
  [ $(((word >> 2) & 7)) -eq 4 ] && [ $((word & 3)) -eq 0 ] && ok "--exportas: code import of name type EXPORTAS" ||
    bad "--exportas: Type/Name Type word is $word"
  # Then the symbol, the DLL name and the name to import, NUL-terminated.
  strings=$(dd if=exportas.a bs=1 skip=$((off + 20)) count=64 2>/dev/null | tr '\0' '\n' | head -3 | tr '\n' ' ')
  [ "$strings" = "Alias testlib.dll RealName " ] && ok "--exportas: strings Alias, testlib.dll, RealName" ||
    bad "--exportas: strings are '$strings'"
fi
finish
