#!/bin/sh
# errors.sh CCDLL WORKDIR - `ccdll exports` on bad command lines (exit 2),
# files that are no DLL, import library or .def, damaged DLLs and import
# libraries (exit 1, a GCC-form message naming the file, nothing on
# standard output for them), and .def files (listed, or their errors).
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc i686-w64-mingw32-dlltool
src=$(cd "$(dirname "$0")" && pwd)
start

# expect STATUS WHAT COMMAND...: the exit status, and for 1 a message on
# standard error in GCC's form and nothing on standard output.
expect() {
  want=$1 what=$2; shift 2
  "$@" > out.txt 2> err.txt
  got=$?
  if [ $got != "$want" ]; then bad "$what: exit status $got, expected $want"; cat err.txt; return; fi
  if [ "$want" = 1 ] && { [ -s out.txt ] || ! grep -q ': error: ' err.txt; }; then
    bad "$what: expected only an error message"; cat out.txt err.txt | head -5; return
  fi
  ok "$what"
}

expect 0 "--help" "$ccdll" exports --help
grep -q '^usage: ccdll exports' out.txt || bad "--help: no usage text"
expect 2 "no input files" "$ccdll" exports
expect 2 "unknown option" "$ccdll" exports --bogus x.dll
expect 1 "a missing file" "$ccdll" exports missing.dll

i686-w64-mingw32-gcc -shared -o lib.dll "$src/lib.c" "$src/lib.def" || bad "building lib.dll failed"
i686-w64-mingw32-gcc -c -o lib.o "$src/lib.c"
i686-w64-mingw32-dlltool -d "$src/imp.def" -l imp.a
expect 0 "a good DLL" "$ccdll" exports lib.dll
expect 1 "a COFF object" "$ccdll" exports lib.o
grep -q '^lib.o: error: a COFF object' err.txt || bad "a COFF object: message"
printf 'MZ\0\0garbage' > short.dll
expect 1 "an MZ file of 10 bytes" "$ccdll" exports short.dll
grep -q '^short.dll: error: not a PE image' err.txt || bad "short.dll: message"
head -c 1000 lib.dll > cut.dll
expect 1 "a DLL cut after 1000 bytes" "$ccdll" exports cut.dll
grep -q '^cut.dll: error: ' err.txt || bad "cut.dll: message names the file"
head -c 3000 imp.a > cut.a
expect 1 "an import library cut in a member" "$ccdll" exports cut.a
printf '\0\1\2\3' > binary.bin
expect 1 "a binary file of no known kind" "$ccdll" exports binary.bin

# A good file and a damaged one: the good one is listed, exit status 1.
"$ccdll" exports --json lib.dll cut.dll > out.txt 2> err.txt
[ $? = 1 ] && [ "$(wc -l < out.txt)" = 1 ] && grep -q '"dll_name":"lib.dll"' out.txt &&
  grep -q '^cut.dll: error: ' err.txt && ok "a good and a damaged file" || bad "a good and a damaged file"

# .def files: listed, or their errors with the line.
expect 0 "a .def file" "$ccdll" exports "$src/lib.def"
grep -q 'Fwd -> kernel32.Sleep' out.txt && grep -q 'Hidden1 \[NONAME\]' out.txt || bad ".def listing"
printf 'LIBRARY x.dll\nEXPORTS\n  Foo @70000\n' > bad.def
expect 1 "a bad .def file" "$ccdll" exports bad.def
grep -q '^bad.def:3:' err.txt || bad "bad .def: message with the line"

# JSON strings are escaped: a backslash, UTF-8 kept, a byte that is no
# UTF-8 (0xff) written as \u00ff.
printf 'LIBRARY "a\\b\303\251\377.dll"\nEXPORTS\n  Foo\n' > esc.def
printf '"dll_name":"a\\\\b\303\251\\u00ff.dll"\n' > want.txt
"$ccdll" exports --json esc.def > out.txt 2>&1 && grep -qF -f want.txt out.txt &&
  { ! command -v jq > /dev/null || jq -e . out.txt > /dev/null; } && ok "JSON escaping" || { bad "JSON escaping"; cat out.txt; }
finish
