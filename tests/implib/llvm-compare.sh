#!/bin/sh
# llvm-compare.sh CCDLL WORKDIR - our import library against llvm-dlltool's
# for the same .def (cases.def), on i386 (with and without -k), x86_64,
# arm64 and arm: the same members with the same sections, relocations and
# symbols (llvm-readobj), the same archive symbols (llvm-nm), the same
# import types and name types. Only the archive's own file name and the
# hints differ (llvm-dlltool writes the ordinal or 0; ours are checked by
# the client tests).
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
finish
