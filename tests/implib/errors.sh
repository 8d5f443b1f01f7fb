#!/bin/sh
# errors.sh CCDLL WORKDIR - bad input to `ccdll implib` exits with status 1
# and a message, writes no file, and leaves an earlier library untouched.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
start

printf 'LIBRARY t.dll\nEXPORTS\n  Foo@4\n' > good.def
printf 'LIBRARY t.dll\nEXPORTS\n  Foo @70000\n' > bad.def
printf 'EXPORTS\n  Foo@4\n' > nolib.def
echo earlier > lib.a
echo earlier > delay.a

# expect_fail WHAT TEXT ARGS...: exit 1, stderr has TEXT, lib.a untouched,
# nothing else written.
expect_fail() {
  what=$1 text=$2
  shift 2
  "$ccdll" implib "$@" > out.txt 2> err.txt
  st=$?
  [ $st -eq 1 ] || bad "$what: exit status $st, expected 1"
  grep -qF -- "$text" err.txt || { bad "$what: stderr lacks '$text'"; cat err.txt; }
  [ "$(cat lib.a)" = earlier ] && [ "$(cat delay.a)" = earlier ] || bad "$what: an earlier library was overwritten"
  [ -z "$(ls -A | grep -v -x -e good.def -e bad.def -e nolib.def -e lib.a -e delay.a -e out.txt -e err.txt -e ro)" ] ||
    { bad "$what: files left: $(ls -A)"; }
  [ $st -eq 1 ] && ok "$what"
}

expect_fail ".def error" "bad.def:3:8: error: ordinal 70000 is out of range (1 to 65535)" \
  -m i386 -d bad.def -l lib.a
expect_fail "no DLL name" "nolib.def:1:1: error: no LIBRARY statement" -m i386 -d nolib.def -l lib.a
expect_fail "unknown machine" "ccdll: error: unknown machine 'vax'" -m vax -d good.def -l lib.a
expect_fail "missing .def" "missing.def: error: cannot open: No such file or directory" \
  -m i386 -d missing.def -l lib.a
expect_fail "output directory missing" "nodir/lib.a: error: cannot write: No such file or directory" \
  -m i386 -d good.def -l nodir/lib.a
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
  expect_fail "unwritable directory" "ro/lib.a: error: cannot write: Permission denied" -m i386 -d good.def -l ro/lib.a
fi
# The second output fails after the first was made: neither is written.
expect_fail "second output fails" "nodir/delay.a: error: cannot write" \
  -m i386 -d good.def -l lib.a -y nodir/delay.a
expect_fail "delay-load library for arm64" "delay-load libraries are made for i386 and x86_64" \
  -m arm64 -d good.def -l lib.a -y delay.a

"$ccdll" implib -d good.def -l lib.a 2> err.txt
[ $? -eq 2 ] && grep -q "no machine given" err.txt && ok "no machine: usage error" || bad "no -m"
finish
