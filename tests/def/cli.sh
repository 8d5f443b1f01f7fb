#!/bin/sh
# cli.sh CCDLL WORKDIR - the `ccdll def` command line: exit statuses, standard
# input and output, -D, unreadable inputs and unwritable outputs.
set -u
ccdll=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail=0
expect() {   # expect STATUS WHAT COMMAND... ; stderr is kept in err.txt
  want=$1 what=$2
  shift 2
  "$@" > out.txt 2> err.txt
  got=$?
  if [ "$got" = "$want" ]; then echo "ok: $what"; else
    echo "FAIL: $what: exit status $got, expected $want"; cat err.txt; fail=1; fi
}
expect_err() {   # expect_err TEXT: err.txt holds TEXT
  grep -qF -- "$1" err.txt || { echo "FAIL: stderr lacks '$1':"; cat err.txt; fail=1; }
}

printf 'LIBRARY bar.dll\nEXPORTS\n  Foo@4\n  Bar@4\n' > bar.def

expect 0 "--help" "$ccdll" def --help
expect 2 "no input file" "$ccdll" def
expect_err "ccdll: error: no input file"
expect 2 "unknown option" "$ccdll" def --frobnicate bar.def
expect_err "unknown option '--frobnicate'"
expect 1 "unknown machine" "$ccdll" def -m vax bar.def
expect_err "unknown machine 'vax'"
expect 1 "unknown dialect" "$ccdll" def --dialect=borland bar.def
expect 2 "--lld without --pair" "$ccdll" def --lld bar.def
expect 2 "unknown command" "$ccdll" frobnicate
expect 0 "valid file, check only" "$ccdll" def bar.def
[ -s out.txt ] && { echo "FAIL: check mode printed something"; fail=1; }

expect 1 "missing input" "$ccdll" def missing.def
expect_err "missing.def: error: cannot open: No such file or directory"
mkdir adir
expect 1 "directory as input" "$ccdll" def adir
expect_err "adir: error: cannot read: is a directory"

printf 'EXPORTS\n  Foo @abc\n' > bad.def
expect 1 "bad input on standard input" sh -c "\"$ccdll\" def - < bad.def"
expect_err "<stdin>:2:8: error: expected an ordinal number, not 'abc'"

expect 0 "standard input to standard output" sh -c "\"$ccdll\" def -o - - < bar.def"
cmp -s out.txt bar.def || { echo "FAIL: -o - did not echo the normalized file"; fail=1; }

expect 0 "-D names the DLL" "$ccdll" def -D other.dll --pair bar.def
grep -qx 'LIBRARY other.dll' other_i.def || { echo "FAIL: -D not used in other_i.def"; fail=1; }

expect 1 "output into a missing directory" "$ccdll" def --pair=nodir/x bar.def
expect_err "nodir/x_i.def: error: cannot write: No such file or directory"
[ -e nodir ] && { echo "FAIL: nodir created"; fail=1; }

# A failed pair leaves an earlier pair untouched: the _e.def path is a
# directory, so the second write fails after the first one was staged.
echo earlier > keep_i.def
mkdir keep_e.def
expect 1 "second output fails" "$ccdll" def --pair=keep bar.def
expect_err "keep_e.def: error: cannot write: is a directory"
[ "$(cat keep_i.def)" = earlier ] || { echo "FAIL: keep_i.def was replaced"; fail=1; }
[ -z "$(ls -A | grep '\.tmp$')" ] || { echo "FAIL: temporary files left"; ls -A; fail=1; }

# A DLL has at most 65535 exports: the reader says so at the 65536th.
awk 'BEGIN { print "LIBRARY big.dll"; print "EXPORTS"; for (i = 1; i <= 65536; i++) printf "  f%d\n", i }' > big.def
expect 1 "65536 exports" "$ccdll" def big.def
expect_err "big.def:65538:3: error: too many exports: 65536 (a DLL can have at most 65535)"
head -n 65537 big.def > max.def
expect 0 "65535 exports" "$ccdll" def max.def

# Reproducible: two runs write the same bytes.
"$ccdll" def --pair=r1 bar.def && "$ccdll" def --pair=r2 bar.def &&
  cmp -s r1_i.def r2_i.def && cmp -s r1_e.def r2_e.def && echo "ok: reproducible" ||
  { echo "FAIL: two runs differ"; fail=1; }
exit $fail
