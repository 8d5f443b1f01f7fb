#!/bin/sh
# dlls.sh CCDLL WORKDIR - `ccdll exports` on DLLs built from lib.c and
# lib.def (stdcall, fastcall, cdecl, data, a forwarder, NONAME ordinals,
# ordinal gaps) by GNU ld and lld, i686 and x86_64, against tools we did
# not write, field by field:
#   ordinal, name, RVA      llvm-readobj --coff-exports
#   DLL name, forwarders    llvm-objdump -p
#   hint (name table index) GNU objdump -p ([Ordinal/Name Pointer] Table)
#   code or data            the section holding the RVA (llvm-objdump -h)
# and the imports of client programs (by name, by ordinal, delay-loaded
# through lld -delayload) with `--imports` against llvm-readobj
# --coff-imports.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc x86_64-w64-mingw32-gcc llvm-readobj llvm-objdump x86_64-w64-mingw32-objdump jq \
  llvm-dlltool clang ld.lld
src=$(cd "$(dirname "$0")" && pwd)
start

# hex -> decimal in awk (mawk has no strtonum).
HEX='function hex(s,  i, n, c) { sub(/^0x/, "", s); n = 0
  for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", tolower(substr(s, i, 1))) - 1; n = n * 16 + c }
  return n }'

# Our exports: ordinal|name|rva|forward|kind|hint, by ordinal.
ours() { "$ccdll" exports --json "$1" |
  jq -r '.exports[] | "\(.ordinal)|\(.name // "")|\(.rva)|\(.forward // "")|\(.kind)|\(.hint // "")"'; }

check_dll() {  # check_dll WHAT DLL
  what=$1 dll=$2
  ours "$dll" > ours.txt || { bad "$what: ccdll exports failed"; return; }
  [ "$(wc -l < ours.txt)" -ge 8 ] || bad "$what: too few exports"
  # ordinal, name, RVA against llvm-readobj (slots with RVA 0 and no name
  # are unused ordinals: the loader finds nothing there).
  llvm-readobj --coff-exports "$dll" | awk "$HEX"'
    /Ordinal:/ { o = $2 } /Name:/ { n = $2 } /RVA:/ { r = hex($2); if (r || n != "") print o "|" n "|" r }' > llvm.txt
  cut -d'|' -f1-3 ours.txt > ours3.txt
  same "$what: ordinals, names, RVAs (llvm-readobj)" llvm.txt ours3.txt
  # DLL name and forwarders against llvm-objdump -p.
  llvm-objdump -p "$dll" | awk '/^ DLL name:/ { print "dll " $3 }
    /forwarded to/ { sub(/\)$/, "", $NF); print $1 "|" $NF }' > llvm.txt
  { "$ccdll" exports --json "$dll" | jq -r '"dll \(.dll_name)"'
    awk -F'|' '$4 != "" { print $1 "|" $4 }' ours.txt; } > ours2.txt
  same "$what: DLL name and forwarders (llvm-objdump -p)" llvm.txt ours2.txt
  # lld 14 writes i386 forwarders with the C '_' ("_kernel32.Sleep"), which
  # the loader then fails to find; llvm-objdump agrees with us on it.
  if grep -q '|_kernel32.Sleep|' ours.txt; then echo "note: $what: forwarder is _kernel32.Sleep (lld's i386 '_')"
  else grep -q '|kernel32.Sleep|' ours.txt || bad "$what: no forwarder found"; fi
  # Hints and ordinals against GNU objdump: the name pointer table in
  # order (its index is the hint), each with its address table index.
  x86_64-w64-mingw32-objdump -p "$dll" | awk '
    /Ordinal Base/ { base = $NF }
    /^\[Ordinal\/Name Pointer\] Table/ { t = 1; next } t && !NF { t = 0 }
    t { gsub(/[][]/, " "); print h++ "|" $1 + base "|" $NF }' > gnu.txt
  awk -F'|' '$6 != "" { print $6 "|" $1 "|" $2 }' ours.txt | sort -n > ours2.txt
  same "$what: hints (GNU objdump -p)" gnu.txt ours2.txt
  # Code or data: the section holding each RVA.
  base=$(llvm-readobj --file-headers "$dll" | awk '/ImageBase:/ { print $2 }')
  llvm-objdump -h "$dll" | awk "$HEX"' NR == FNR { split($0, f, "|"); if (f[4] == "") want[++n] = f[1] "|" f[3]; next }
    $1 ~ /^[0-9]+$/ { lo[++s] = hex($4) - hex(B); hi[s] = lo[s] + hex($3); code[s] = ($5 ~ /^TEXT/) }
    END { for (i = 1; i <= n; i++) { split(want[i], w, "|"); k = "data"
            for (j = 1; j <= s; j++) if (w[2] >= lo[j] && w[2] < hi[j] && code[j]) k = "code"
            print w[1] "|" k } }' B="$base" ours.txt - > sections.txt
  awk -F'|' '$4 == "" { print $1 "|" $5 }' ours.txt > ours2.txt
  same "$what: code or data (section flags)" sections.txt ours2.txt
  grep -q '|DataVar|.*|data|' ours.txt && grep -q '|ConstVar|.*|data|' ours.txt && grep -q '|CdeclFn|.*|code|' ours.txt ||
    bad "$what: DataVar, ConstVar data and CdeclFn code expected"
  [ "$(grep -c '^2[02]||.*|code|$' ours.txt)" = 2 ] && ok "$what: NONAME ordinals 20 and 22" ||
    bad "$what: NONAME ordinals 20 and 22 expected"
}

# The imports of a program: I|dll|name|hint or D|... (delay-load);
# ordinal imports as dll||#ordinal.
check_imports() {  # check_imports WHAT EXE
  "$ccdll" exports --imports --json "$2" |
    jq -r '.imports[] | "\(if .delay then "D" else "I" end)|\(.dll)|\(.name // "")|\(if .name then .hint else "#\(.ordinal)" end)"' \
    > ours.txt || { bad "$1: ccdll exports --imports failed"; return; }
  llvm-readobj --coff-imports "$2" | awk '/^Import \{/ { k = "I" } /^DelayImport \{/ { k = "D" }
    /^  Name:/ { d = $2 }
    /Symbol:/ { n = $2; h = $3; if (h == "") { h = n; n = "" }; gsub(/[()]/, "", h); if (n == "") h = "#" h
                print k "|" d "|" n "|" h }' > llvm.txt
  same "$1: imports (llvm-readobj --coff-imports)" llvm.txt ours.txt
  [ "$(wc -l < ours.txt)" -ge 3 ] || bad "$1: too few imports"
}

cp "$src/lib.c" "$src/lib.def" "$src/client.c" .
link_gnu i686 gnu32.dll -shared lib.c lib.def -Wl,--kill-at && check_dll "GNU ld i686" gnu32.dll ||
  bad "GNU ld i686: link failed"
link_gnu x86_64 gnu64.dll -shared lib.c lib.def && check_dll "GNU ld x86_64" gnu64.dll || bad "GNU ld x86_64: link failed"
link_lld i686 lld32.dll -shared lib.c lib.def && check_dll "lld i686" lld32.dll || bad "lld i686: link failed"
link_lld x86_64 lld64.dll -shared lib.c lib.def && check_dll "lld x86_64" lld64.dll || bad "lld x86_64: link failed"

# Decorated names (no .def, no --kill-at): _StdFn@8 exported as StdFn@8.
link_gnu i686 dec32.dll -shared lib.c && "$ccdll" exports --json dec32.dll | jq -r '.exports[].name' > names.txt &&
  llvm-readobj --coff-exports dec32.dll | awk '/Name:/ { print $2 }' > llvm.txt &&
  same "GNU ld i686, decorated names" llvm.txt names.txt && grep -qx 'StdFn@8' names.txt &&
  grep -qx '@FastFn@12' names.txt || bad "decorated names: StdFn@8 and @FastFn@12 expected"

# Clients: GNU ld with a dlltool import library (Hidden1 by ordinal), lld
# with an llvm-dlltool one and lib.dll delay-loaded.
i686-w64-mingw32-dlltool -d lib.def -l lib32.a && link_gnu i686 client32.exe client.c lib32.a &&
  check_imports "GNU ld i686 client" client32.exe || bad "GNU ld i686 client: link failed"
grep -q '^I|lib.dll||#20$' ours.txt && ok "import by ordinal" || bad "import of Hidden1 by ordinal 20 expected"
llvm-dlltool -m i386:x86-64 -d lib.def -l lib64.a && link_lld x86_64 client64.exe client.c lib64.a -Wl,-delayload=lib.dll &&
  check_imports "lld x86_64 client, delay-load" client64.exe || bad "lld x86_64 client: link failed"
grep -q '^D|lib.dll|CdeclFn|' ours.txt && ok "delay-load import" || bad "delay-load import of CdeclFn expected"
finish
