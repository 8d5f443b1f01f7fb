#!/bin/sh
# system.sh CCDLL WORKDIR - `ccdll exports` on mingw-w64's own import
# libraries (GNU dlltool's long format: head, tail and one object per
# symbol), libkernel32.a and libuser32.a for i686 and x86_64. Every import
# is checked against tools we did not write:
#   llvm-nm          the __imp_ symbols, and which imports have code
#   GNU objdump -s   the DLL name the tail object holds in .idata$7
#   lld and GNU ld   the name (and hint, or ordinal) each linker puts in
#                    the import table of a DLL referencing every __imp_
#                    symbol (llvm-readobj --coff-imports)
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need llvm-readobj llvm-nm jq clang ld.lld x86_64-w64-mingw32-objdump i686-w64-mingw32-ld x86_64-w64-mingw32-ld
start

found=0
for arch in i686 x86_64; do
  for name in kernel32 user32; do
    lib=/usr/$(triple $arch)/lib/lib$name.a
    [ -f "$lib" ] || continue
    found=1
    what="$arch lib$name.a"
    "$ccdll" exports --json "$lib" | jq -r '.imports[] |
      "\(.symbol)|\(.name // "#\(.ordinal)")|\(.hint // "")|\(.kind)|\(.dll)|\(.format)"' > ours.txt ||
      { bad "$what: ccdll exports failed"; continue; }
    [ "$(wc -l < ours.txt)" -ge 500 ] || bad "$what: too few imports ($(wc -l < ours.txt))"
    llvm-nm "$lib" 2>/dev/null | awk '$2 != "U" && $3 ~ /^__imp_/ { sub(/^__imp_/, "", $3); print $3 }' | sort > nm.txt
    cut -d'|' -f1 ours.txt | sort > ours2.txt
    same "$what: every __imp_ symbol (llvm-nm)" nm.txt ours2.txt
    # Code imports: those whose symbol the library defines beside __imp_.
    llvm-nm "$lib" 2>/dev/null | awk '$2 == "T" { print $3 }' | sort > t.txt
    join nm.txt t.txt > nm2.txt
    awk -F'|' '$4 == "code" { print $1 }' ours.txt | sort > ours2.txt
    same "$what: code imports (llvm-nm)" nm2.txt ours2.txt
    # The DLL name: the tail's string in .idata$7 (the members hold 0s).
    x86_64-w64-mingw32-objdump -s -j '.idata$7' "$lib" | awk '
      /^ [0-9a-f]+ / { for (i = 2; i <= 5 && $i ~ /^[0-9a-f]+$/; i++) for (j = 1; j < length($i); j += 2) {
          c = index("0123456789abcdef", substr($i, j, 1)) * 16 + index("0123456789abcdef", substr($i, j + 1, 1)) - 17
          if (c == 0) { if (s != "") print s; s = ""; done = 1 } else if (!done) s = s sprintf("%c", c) } }
      /^Contents/ { s = ""; done = 0 }' | sort -u > tail.txt
    cut -d'|' -f5 ours.txt | sort -u > ours2.txt
    same "$what: DLL name (the tail's .idata\$7)" tail.txt ours2.txt
    # What the linkers import for each symbol.
    if [ "$arch" = i686 ]; then word=.long e=i386pe; else word=.quad e=i386pep; fi
    { echo "	.data"; cut -d'|' -f1 ours.txt | sed "s/.*/	$word \"__imp_&\"/"
      printf '\t.text\n\t.globl _start\n\t.globl start\n_start:\nstart:\n\tret\n'; } > refs.s
    clang --target="$(triple $arch)" -c refs.s -o refs.o || { bad "$what: assembling the references failed"; continue; }
    awk -F'|' '{ h = $3; n = $2; if (n ~ /^#/) { h = n; n = "" } print $5 "|" n "|" h }' ours.txt | sort > ours2.txt
    for l in lld gnu; do
      if [ $l = lld ]; then ld.lld -m $e -shared -e start -o $l.dll refs.o "$lib"
      else "$(triple $arch)-ld" -shared -e start -o $l.dll refs.o "$lib"; fi || { bad "$what: $l link failed"; continue; }
      llvm-readobj --coff-imports $l.dll | awk '/^  Name:/ { d = $2 }
        /Symbol:/ { n = $2; h = $3; if (h == "") { h = n; n = "" }; gsub(/[()]/, "", h); if (n == "") h = "#" h
                    print d "|" n "|" h }' | sort > linked.txt
      same "$what: import names and hints ($l links them so)" linked.txt ours2.txt
    done
  done
done
[ $found = 1 ] || skip "no mingw-w64 import libraries in /usr/*-w64-mingw32/lib"
finish
