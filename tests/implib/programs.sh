# programs.sh - sourced by the client tests: builds testlib.dll and its
# import library, and links freestanding test programs for one machine.
#
#   setup_arch ARCH        sets M (ccdll's machine), DEF, and the flags
#   build_dll DIR          DIR/testlib.dll, linked with GNU ld from the
#                          _e.def that `ccdll def --pair` makes of DEF
#   link_prog LINKER EXE SOURCE LIBS...   a freestanding program
#   expected_hints DLL     "name hint" lines: each exported name and its
#                          index in the DLL's sorted name table, read from
#                          the DLL with llvm-readobj
#   import_hints EXE       "name hint" lines for testlib.dll's imports of EXE
#   run_expect ARCH EXE WHAT [DIR]   runs EXE (in DIR), expects exit status 0

SRC=$(cd "$(dirname "$0")" && pwd)
FREE="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector -O1"

setup_arch() {
  ARCH=$1
  if [ "$ARCH" = i686 ]; then
    M=i386 DEF=$SRC/testlib32.def DLLMAIN=_DllMain@12 ENTRY_GNU=_entry
  else
    M=i386:x86-64 DEF=$SRC/testlib64.def DLLMAIN=DllMain ENTRY_GNU=entry
  fi
}

build_dll() {
  mkdir -p "$1" &&
    "$ccdll" def -m "$M" --pair="$1/testlib" "$DEF" &&
    "$(triple "$ARCH")-gcc" $FREE -shared -o "$1/testlib.dll" "$SRC/testlib.c" "$1/testlib_e.def" -Wl,-e,"$DLLMAIN"
}

link_prog() {
  linker=$1 exe=$2
  shift 2
  if [ "$linker" = gnu ]; then
    link_gnu "$ARCH" "$exe" $FREE "$@" -lkernel32 -Wl,-e,"$ENTRY_GNU"
  else
    link_lld "$ARCH" "$exe" $FREE "$@" -lkernel32 -Wl,-e,entry
  fi
}

expected_hints() {
  llvm-readobj --coff-exports "$1" | sed -n 's/^ *Name: \(..*\)$/\1/p' | LC_ALL=C sort |
    awk '{ print $1, NR - 1 }' | LC_ALL=C sort
}

import_hints() {
  llvm-readobj --coff-imports "$1" | sed -n '/Name: testlib.dll/,/^}/p' |
    sed -n -e 's/^ *Symbol:  (\([0-9]*\))$/#\1 ordinal/p' -e 's/^ *Symbol: \([^ ].*\) (\([0-9]*\))$/\1 \2/p' |
    LC_ALL=C sort
}

run_expect() {
  (cd "${4:-.}" && run_win "$1" "$2") > run.out 2>&1
  st=$?
  if [ $st -eq 0 ]; then ok "$3: runs"
  elif [ $st -eq 125 ]; then echo "not run: $3 (no 32-bit wine, no PE32 loader)"
  else bad "$3: exit status $st"; cat run.out; fi
}
