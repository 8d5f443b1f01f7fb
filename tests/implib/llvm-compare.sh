#!/bin/sh
# llvm-compare.sh CCDLL WORKDIR - our import library against llvm-dlltool's
# for the same .def (cases.def), on i386 (with and without -k), x86_64,
# arm64 and arm: the same members with the same sections, relocations and
# symbols (llvm-readobj), the same archive symbols (llvm-nm), the same
# import types and name types. Only the archive's own file name and the
# hints differ (llvm-dlltool writes the ordinal or 0; ours are checked by
# the client tests).
#
# Past 65,535 exports, where no second linker member can be written (its
# member numbers are 16 bits) and llvm-dlltool 14 writes none, and no DLL
# exists whose name table hints could index, the two libraries are the
# same bytes: a whole-file check of a library of many megabytes, written
# in pieces.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need llvm-dlltool llvm-readobj llvm-nm
def=$(cd "$(dirname "$0")" && pwd)/cases.def
start

for config in "i386 -k" "i386" "i386:x86-64" "arm64" "arm"; do
  set -- $config
  m=$1 k=${2:-}
  "$ccdll" implib -m "$m" $k -d "$def" -l ours.a || { bad "$config: ccdll implib failed"; continue; }
  llvm-dlltool -m "$m" $k -d "$def" -l llvm.a || { bad "$config: llvm-dlltool failed"; continue; }
  for f in ours llvm; do
    llvm-readobj --sections --relocations --symbols $f.a | sed "s/^File: $f\.a(/File: (/" > $f.readobj
    llvm-nm $f.a > $f.nm
  done
  # The dumps must have some substance: 3 objects and the short imports.
  [ "$(grep -c '^Format: COFF-import-file' ours.readobj)" -ge 9 ] || bad "$config: too few short imports"
  same "$config: sections, relocations, symbols, name types" llvm.readobj ours.readobj
  same "$config: archive symbols" llvm.nm ours.nm
done
awk 'BEGIN { print "LIBRARY big.dll"; print "EXPORTS"
  for (i = 0; i < 70000; i++) {
    if (i % 50 == 7) printf "  Variable%06d DATA\n", i
    else if (i % 50 == 9) printf "  @Fast%06d@%d\n", i, (i % 4 + 2) * 4
    else printf "  Function%06d@%d\n", i, (i % 8) * 4
  } }' > big.def
"$ccdll" implib -m i386 -k -d big.def -l big-ours.a 2> /dev/null && llvm-dlltool -m i386 -k -d big.def -l big-llvm.a &&
  cmp big-ours.a big-llvm.a && ok "70,000 exports: the same bytes as llvm-dlltool ($(wc -c < big-ours.a) bytes)" ||
  bad "70,000 exports: the libraries differ"
finish
