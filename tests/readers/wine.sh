#!/bin/sh
# wine.sh CCDLL WORKDIR - `ccdll exports` on wine's real PE DLLs (built by
# wine with its own winebuild and mingw or clang): big export tables,
# forwarders to kernelbase and ntdll, NONAME ordinals, data exports,
# delay-load imports. Against llvm-readobj --coff-exports (ordinal, name,
# RVA), llvm-objdump -p (forwarders), GNU objdump -p (hints) and
# llvm-readobj --coff-imports (imports and delay-load imports).
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need llvm-readobj llvm-objdump x86_64-w64-mingw32-objdump jq
start

HEX='function hex(s,  i, n, c) { sub(/^0x/, "", s); n = 0
  for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1; n = n * 16 + c }
  return n }'
found=0
for dir in /usr/lib/x86_64-linux-gnu/wine/x86_64-windows /usr/lib/x86_64-linux-gnu/wine/i386-windows \
  /usr/lib/i386-linux-gnu/wine/i386-windows; do
  for name in kernel32 ntdll user32 comctl32 msvcrt shell32 oleaut32 ws2_32 version advapi32; do
    dll=$dir/$name.dll
    [ -f "$dll" ] || continue
    found=1
    what="$(basename "$dir")/$name.dll"
    "$ccdll" exports --imports --json "$dll" > ours.json || { bad "$what: ccdll exports failed"; continue; }
    jq -r '.exports[] | "\(.ordinal)|\(.name // "")|\(.rva)"' ours.json > ours.txt
    llvm-readobj --coff-exports "$dll" | awk "$HEX"'
      /Ordinal:/ { o = $2 } /Name:/ { n = $2 } /RVA:/ { r = hex($2); if (r || n != "") print o "|" n "|" r }' > llvm.txt
    same "$what: $(wc -l < ours.txt) exports: ordinals, names, RVAs (llvm-readobj)" llvm.txt ours.txt
    llvm-objdump -p "$dll" | awk '/forwarded to/ { sub(/\)$/, "", $NF); print $1 "|" $NF }' > llvm.txt
    jq -r '.exports[] | select(.forward) | "\(.ordinal)|\(.forward)"' ours.json > ours.txt
    same "$what: $(wc -l < ours.txt) forwarders (llvm-objdump -p)" llvm.txt ours.txt
    x86_64-w64-mingw32-objdump -p "$dll" | awk '/Ordinal Base/ { base = $NF }
      /^\[Ordinal\/Name Pointer\] Table/ { t = 1; next } t && !NF { t = 0 }
      t { gsub(/[][]/, " "); print h++ "|" $1 + base "|" $NF }' > gnu.txt
    jq -r '.exports[] | select(.hint != null) | "\(.hint)|\(.ordinal)|\(.name)"' ours.json | sort -n > ours.txt
    same "$what: hints (GNU objdump -p)" gnu.txt ours.txt
    jq -r '.imports[] | "\(if .delay then "D" else "I" end)|\(.dll)|\(.name // "")|\(if .name then .hint else "#\(.ordinal)" end)"' \
      ours.json > ours.txt
    llvm-readobj --coff-imports "$dll" | awk '/^Import \{/ { k = "I" } /^DelayImport \{/ { k = "D" }
      /^  Name:/ { d = $2 }
      /Symbol:/ { n = $2; h = $3; if (h == "") { h = n; n = "" }; gsub(/[()]/, "", h); if (n == "") h = "#" h
                  print k "|" d "|" n "|" h }' > llvm.txt
    same "$what: $(wc -l < ours.txt) imports (llvm-readobj --coff-imports)" llvm.txt ours.txt
  done
done
[ $found = 1 ] || skip "no wine PE DLLs found"
finish
