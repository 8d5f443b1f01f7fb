#!/bin/sh
# implibs.sh CCDLL WORKDIR - `ccdll exports` on import libraries made by
# llvm-dlltool (short format: name types NAME, NOPREFIX, UNDECORATE,
# ORDINAL) and GNU dlltool (long format, with and without -k), for i386
# and x86_64, against:
#   llvm-readobj       the short imports' symbol, type and name type, DLL
#   llvm-nm            the __imp_ and code symbols of every member
#   GNU objdump -s     the DLL name in the tail's .idata$7 (long format)
#   lld and GNU ld     what each linker puts in an import table for a DLL
#                      that references every __imp_ symbol (llvm-readobj
#                      --coff-imports): the name the loader is asked for,
#                      its hint, or the ordinal
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need llvm-dlltool i686-w64-mingw32-dlltool x86_64-w64-mingw32-dlltool llvm-readobj llvm-nm jq clang ld.lld \
  x86_64-w64-mingw32-objdump i686-w64-mingw32-ld x86_64-w64-mingw32-ld
def=$(cd "$(dirname "$0")" && pwd)/imp.def
start

# Ours: symbol|name or #ordinal|hint|name type|kind|DLL|format.
ours() { "$ccdll" exports --json "$1" | jq -r '.imports[] |
  "\(.symbol)|\(.name // "#\(.ordinal)")|\(.hint // "")|\(.name_type)|\(.kind)|\(.dll)|\(.format)"'; }

# Links a DLL referencing every __imp_ symbol of LIB with lld and GNU ld;
# prints what each import table asks for: linker|dll|name|hint or linker|dll||#ordinal.
linked() {  # linked ARCH LIB
  if [ "$1" = i686 ]; then word=.long; else word=.quad; fi
  { echo "	.data"; cut -d'|' -f1 ours.txt | sed "s/.*/	$word \"__imp_&\"/"
    printf '\t.text\n\t.globl _start\n\t.globl start\n_start:\nstart:\n\tret\n'; } > refs.s
  clang --target="$(triple "$1")" -c refs.s -o refs.o || return 1
  if [ "$1" = i686 ]; then e=i386pe; else e=i386pep; fi
  ld.lld -m $e -shared -e start -o lld.dll refs.o "$2" || return 1
  "$(triple "$1")-ld" -shared -e start -o gnu.dll refs.o "$2" || return 1
  for l in lld gnu; do
    llvm-readobj --coff-imports $l.dll | awk -v l=$l '/^  Name:/ { d = $2 }
      /Symbol:/ { n = $2; h = $3; if (h == "") { h = n; n = "" }; gsub(/[()]/, "", h); if (n == "") h = "#" h
                  print l "|" d "|" n "|" h }' | sort
  done
}

check_lib() {  # check_lib WHAT ARCH LIB
  what=$1 arch=$2 lib=$3
  ours "$lib" > ours.txt || { bad "$what: ccdll exports failed"; return; }
  [ "$(wc -l < ours.txt)" = 7 ] || bad "$what: 7 imports expected, got $(wc -l < ours.txt)"
  # The archive's symbols: every __imp_ one, and the code ones.
  llvm-nm "$lib" | awk '$2 != "U" && $3 ~ /^__imp_/ { sub(/^__imp_/, "", $3); print $3 }' | sort > nm.txt
  cut -d'|' -f1 ours.txt | sort > ours2.txt
  same "$what: __imp_ symbols (llvm-nm)" nm.txt ours2.txt
  llvm-nm "$lib" | awk '$2 == "T" && $3 !~ /^__imp_/ { print $3 }' | sort > nm.txt
  awk -F'|' '$5 == "code" { print $1 }' ours.txt | sort > ours2.txt
  same "$what: code symbols (llvm-nm)" nm.txt ours2.txt
  # What the linkers import for each symbol.
  if linked "$arch" "$lib" > linked.txt; then
    for l in lld gnu; do
      awk -F'|' -v l=$l '{ h = $3; if ($2 ~ /^#/) { h = $2; $2 = "" } print l "|" $6 "|" $2 "|" h }' OFS='|' ours.txt |
        sort > ours2.txt
      grep "^$l|" linked.txt > l.txt
      same "$what: import names, hints, ordinals ($l links them so)" l.txt ours2.txt
    done
  else
    bad "$what: linking the reference DLL failed"
  fi
}

for config in "i686 i386 -k" "i686 i386" "x86_64 i386:x86-64"; do
  set -- $config
  arch=$1 m=$2 k=${3:-}
  llvm-dlltool -m "$m" $k -d "$def" -l llvm.a || { bad "llvm-dlltool $config failed"; continue; }
  check_lib "llvm-dlltool $m $k" "$arch" llvm.a
  # Short imports: symbol, type and name type as llvm-readobj reads them.
  llvm-readobj llvm.a | awk '/^File: / { f = $2 } /^Type:/ { t = $2 } /^Name type:/ { n = toupper($3) }
    /^Symbol: __imp_/ { s = $2; sub(/^__imp_/, "", s)
      if (n != "NAME" && n != "ORDINAL") n = "NAME_" n
      print s "|" n "|" t "|" f "|short" }' > readobj.txt
  cut -d'|' -f1,4-7 ours.txt > ours2.txt
  same "llvm-dlltool $m $k: symbols, name types, kinds, DLL (llvm-readobj)" readobj.txt ours2.txt
  grep -q '^_StdFn@8|StdFn|' ours.txt || [ "$arch" != i686 ] || [ -z "$k" ] || bad "i386 -k: _StdFn@8 imports StdFn"

  "$(triple "$arch")-dlltool" $k -d "$def" -l gnu.a || { bad "GNU dlltool $config failed"; continue; }
  check_lib "GNU dlltool $m $k" "$arch" gnu.a
  # The DLL name: in the tail object's .idata$7.
  x86_64-w64-mingw32-objdump -s -j '.idata$7' gnu.a | awk '
    /^ [0-9a-f]+ / { for (i = 2; i <= 5 && $i ~ /^[0-9a-f]+$/; i++) for (j = 1; j < length($i); j += 2) {
        c = index("0123456789abcdef", substr($i, j, 1)) * 16 + index("0123456789abcdef", substr($i, j + 1, 1)) - 17
        if (c == 0) { if (s != "") print s; s = ""; done = 1 } else if (!done) s = s sprintf("%c", c) } }
    /^Contents/ { s = ""; done = 0 }' | sort -u > tail.txt
  cut -d'|' -f6 ours.txt | sort -u > ours2.txt
  same "GNU dlltool $m $k: DLL name (the tail's .idata\$7)" tail.txt ours2.txt
  grep -q '|long$' ours.txt && ! grep -q '|short$' ours.txt || bad "GNU dlltool $m $k: long format expected"
done
finish
