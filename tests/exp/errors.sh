#!/bin/sh
# errors.sh CCDLL WORKDIR - bad input to `ccdll exp` and `ccdll link`:
# exit status 1, a message naming the input and the place, no file written
# and an earlier one untouched; and the export object is reproducible.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
start

printf 'LIBRARY t.dll\nEXPORTS\n  Foo@4\n  Bar @2\n' > good.def
printf 'LIBRARY t.dll\nEXPORTS\n  Foo DATA @3\n' > bad.def
printf 'EXPORTS\n  Foo\n' > nolib.def
printf 'LIBRARY t.dll\nEXPORTS\n  X\n  Alias == X\n' > twice.def
awk 'BEGIN { print "LIBRARY big.dll"; print "EXPORTS"; for (i = 1; i <= 65536; i++) printf "  f%d\n", i }' > big.def
echo earlier > out.o

expect_fail() {   # expect_fail WHAT TEXT COMMAND...
  what=$1 text=$2
  shift 2
  "$@" > out.txt 2> err.txt
  st=$?
  [ $st -eq 1 ] || bad "$what: exit status $st, expected 1"
  grep -qF -- "$text" err.txt || { bad "$what: stderr lacks '$text'"; cat err.txt; }
  [ "$(cat out.o)" = earlier ] || bad "$what: out.o was overwritten"
  [ -z "$(ls -A | grep '\.tmp$')" ] || bad "$what: temporary files left"
  [ $st -eq 1 ] && ok "$what"
}

expect_fail ".def error" "bad.def:3:12: error: the ordinal '@3' must come before DATA, CONSTANT and PRIVATE" \
  "$ccdll" exp -m i386 -d bad.def -o out.o
expect_fail "no DLL name" "nolib.def:1:1: error: no LIBRARY statement" "$ccdll" exp -m i386 -d nolib.def -o out.o
expect_fail "unknown machine" "ccdll: error: unknown machine 'mips'" "$ccdll" exp -m mips -d good.def -o out.o
expect_fail "65,536 exports (GNU dlltool -e writes nothing and exits 0)" \
  "big.def:65538:3: error: too many exports: 65536 (a DLL can have at most 65535)" "$ccdll" exp -m i386 -d big.def -o out.o
expect_fail "two exports of one name" "twice.def:4:3: error: 'Alias' and 'X' are both exported as 'X'" \
  "$ccdll" exp -m i386 -d twice.def -o out.o
expect_fail "output directory missing" "nodir/x.o: error: cannot write: No such file or directory" \
  "$ccdll" exp -m i386 -d good.def -o nodir/x.o
expect_fail "link: the command fails" "'false' exited with status 1; the command was:" \
  "$ccdll" link -m i386 -d good.def -- false -o t.dll
# For lld, ccdll link reads each object (to blank its export directives);
# GNU ld gets them as they are, and says itself what it cannot open.
expect_fail "link: an object that does not exist" "missing.o: error: cannot open: No such file or directory" \
  "$ccdll" link -m i386 --linker=lld -d good.def -- true -o t.dll missing.o
[ -z "$(ls -d "${TMPDIR:-/tmp}"/ccdll.* 2>/dev/null | xargs -r -n1 sh -c 'find "$0" -newer good.def' 2>/dev/null)" ] &&
  ok "link: no temporary directory left" || bad "link: a temporary directory was left"

# Reproducible: the same bytes from two runs; the directory's time stamp is
# 0, or SOURCE_DATE_EPOCH when set (bytes 4-7 of .edata).
"$ccdll" exp -m i386 -d good.def -o a.o && "$ccdll" exp -m i386 -d good.def -o b.o && cmp -s a.o b.o &&
  ok "reproducible" || bad "two runs differ"
stamp() {
  off=$(llvm-readobj --sections "$1" 2>/dev/null | sed -n '/Name: .edata/,/}/s/^ *PointerToRawData: //p')
  od -A n -t u4 -j $((off + 4)) -N 4 "$1" | tr -d ' '
}
if command -v llvm-readobj >/dev/null; then
  SOURCE_DATE_EPOCH=1700000000 "$ccdll" exp -m i386 -d good.def -o c.o
  [ "$(stamp a.o)" = 0 ] && [ "$(stamp c.o)" = 1700000000 ] && ok "time stamp: 0, or SOURCE_DATE_EPOCH" ||
    bad "time stamps $(stamp a.o) and $(stamp c.o)"
fi
finish
