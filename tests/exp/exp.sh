#!/bin/sh
# exp.sh CCDLL WORKDIR - DLLs whose export table is our export object
# (ccdll exp), linked through `ccdll link`, on i386 and x86_64 with GNU ld
# (i686/x86_64-w64-mingw32-gcc) and with lld (clang), and on arm64 with
# lld-link:
#  - the export table (llvm-objdump -p) is exactly exports.txt: the
#    ordinals, names, forwarders and the export by ordinal only of the
#    .def, no decorated names from the objects' dllexport directives;
#  - its size is our object's .edata: no second, linker-made table;
#  - each RVA is the address of its symbol in the DLL (llvm-nm, less the
#    image base);
#  - a program calls every export through GetProcAddress (by name, by
#    ordinal, through the forwarders) and gets its value: x86_64 under
#    wine, i386 under the PE32 test loader;
#  - a DLL linked with GNU dlltool -e's object for the same .def has the
#    same table (names, ordinals, forwarders; RVAs may differ).
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need llvm-objdump llvm-nm llvm-readobj clang
SRC=$(cd "$(dirname "$0")" && pwd)
FREE="-ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector -O1"
start

# "ordinal name [forwarded-to]" per export ("-" for no name).
exports_of() {
  llvm-objdump -p "$1" | sed -n '/^Export Table:/,/^$/p' | awk '
    $1 ~ /^[0-9]+$/ {
      if ($2 ~ /^0x/) { rva = $2; name = (NF >= 3 ? $3 : "-") } else { name = $2 }
      fwd = ""
      if (match($0, /forwarded to [^)]*/)) fwd = " " substr($0, RSTART + 13, RLENGTH - 13)
      print $1, name fwd
    }'
}

# "name rva" per export that has an address.
export_rvas() {
  llvm-objdump -p "$1" | sed -n '/^Export Table:/,/^$/p' | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^0x/ && NF >= 3 { print $3, $2 }'
}

# check_dll WHAT DLL EXP_OBJECT SYMBOL_PREFIX: table, size and RVAs.
check_dll() {
  what=$1 dll=$2 expobj=$3 p=$4
  exports_of "$dll" > got.txt
  same "$what: exports, ordinals, forwarders" "$SRC/exports.txt" got.txt
  # The same from llvm-readobj, which shows ordinals and names.
  llvm-readobj --coff-exports "$dll" | awk '/Ordinal:/ { o = $2 } /Name:/ { print o, (NF > 1 ? $2 : "-") }' > readobj.txt
  cut -d' ' -f1,2 "$SRC/exports.txt" > want-readobj.txt
  same "$what: llvm-readobj --coff-exports" want-readobj.txt readobj.txt
  size=$(llvm-readobj --file-headers "$dll" | sed -n 's/^ *ExportTableSize: //p')
  edata=$(llvm-readobj --sections "$expobj" | sed -n '/Name: .edata/,/}/s/^ *RawDataSize: //p')
  [ "$((size))" -eq "$edata" ] && ok "$what: export directory size $size: our table only" ||
    bad "$what: export directory size $size, our .edata is $edata bytes"
  base=$(llvm-readobj --file-headers "$dll" | sed -n 's/^ *ImageBase: //p')
  llvm-nm "$dll" > nm.txt
  fails=0
  for pair in "Bar ${p}Bar@4" "Cdecl ${p}Cdecl" "Fast @Fast@8" "Foo ${p}Foo@4" "Var ${p}Var"; do
    set -- $pair
    [ "$p" = "" ] && set -- $1 $1   # x86_64 and arm64: plain names
    want=$(awk -v s="$2" '$3 == s { print $1 }' nm.txt)
    got=$(export_rvas "$dll" | awk -v n="$1" '$1 == n { print $2 }')
    if [ -z "$want" ] || [ $((0x$want - base)) -ne $((got)) ]; then
      echo "  $1: RVA $got, symbol $2 at ${want:-?} (base $base)"
      fails=1
    fi
  done
  [ $fails -eq 0 ] && ok "$what: each RVA is its symbol's address" || bad "$what: RVAs"
}

for arch in i686 x86_64; do
  command -v "$(triple $arch)-gcc" >/dev/null || { echo "not checked: $arch"; continue; }
  if [ $arch = i686 ]; then m=i386 def=testdll32.def p=_ dllmain=_DllMain@12 entry=_entry
  else m=i386:x86-64 def=testdll64.def p= dllmain=DllMain entry=entry; fi
  mkdir -p $arch && cd $arch || exit 1
  "$ccdll" def -m $m --pair="$PWD/testdll" "$SRC/$def" && "$ccdll" exp -m $m -d testdll_e.def -o ours.exp.o ||
    { bad "$arch: ccdll def or exp"; cd ..; continue; }

  for linker in gnu lld; do
    what="$arch $linker"
    mkdir -p $linker
    if [ $linker = gnu ]; then cc="$(triple $arch)-gcc"; e=$entry d=$dllmain
    else cc="clang --target=$(triple $arch) -fuse-ld=lld"; e=entry d=${dllmain#_}; d=${d%@12}; fi
    $cc $FREE -c -o $linker/testdll.o "$SRC/testdll.c" && $cc $FREE -c -o $linker/other.o "$SRC/other.c" &&
      "$ccdll" link -m $m -d testdll_e.def -- $cc -nostdlib -shared -o $linker/testdll.dll $linker/testdll.o -Wl,-e,$d &&
      "$ccdll" link -m $m -d "$SRC/other.def" -- $cc -nostdlib -shared -o $linker/other.dll $linker/other.o -Wl,-e,$d ||
      { bad "$what: build"; continue; }
    check_dll "$what" $linker/testdll.dll ours.exp.o "$p"
    $cc $FREE -nostdlib -o $linker/getproc.exe "$SRC/getproc.c" -lkernel32 -Wl,-e,$e || { bad "$what: getproc.exe"; continue; }
    (cd $linker && run_win $arch getproc.exe) > run.out 2>&1
    st=$?
    if [ $st -eq 0 ]; then ok "$what: GetProcAddress finds and calls every export"
    elif [ $st -eq 125 ]; then echo "not run: $what (no 32-bit wine, no PE32 loader)"
    else bad "$what: getproc.exe exit status $st"; cat run.out; fi
  done

  # GNU dlltool -e for the same .def, linked the classic way.
  dlltool=$(triple $arch)-dlltool
  if command -v $dlltool >/dev/null; then
    $dlltool -e dlltool.exp.o -d testdll_e.def 2> dlltool.err &&
      $(triple $arch)-gcc -nostdlib -shared -o dlltool.dll gnu/testdll.o dlltool.exp.o -Wl,-e,$dllmain ||
      bad "$arch: dlltool -e"
    exports_of dlltool.dll > dlltool.txt
    exports_of gnu/testdll.dll > ours.txt
    same "$arch: the same table as with dlltool -e" dlltool.txt ours.txt
  fi
  cd ..
done

# arm64: lld-link, no C runtime.
if clang --target=aarch64-w64-mingw32 -c -o /dev/null -x c /dev/null 2>/dev/null; then
  mkdir -p arm64 && cd arm64 || exit 1
  "$ccdll" def -m arm64 --pair="$PWD/testdll" "$SRC/testdll64.def" && "$ccdll" exp -m arm64 -d testdll_e.def -o ours.exp.o &&
    clang --target=aarch64-w64-mingw32 $FREE -Wno-ignored-attributes -c -o testdll.o "$SRC/testdll.c" &&
    "$ccdll" link -m arm64 -d testdll_e.def --linker=lld -- lld-link -dll -noentry -machine:arm64 -debug:symtab \
      -out:testdll.dll testdll.o && check_dll "arm64 lld-link" testdll.dll ours.exp.o "" || bad "arm64: build"
  cd ..
fi
finish
