#!/bin/sh
# errors.sh - ccdll scan's messages and exit status.
#
# usage: errors.sh CCDLL WORK
#
#  - a source that does not compile: clang's errors in GCC's form
#    (file:line:col: error: text), exit 1, nothing written (not even with
#    -o, where an earlier output stays as it was);
#  - warnings are printed and do not fail the scan;
#  - a missing file, an unknown target: exit 1; no files, an unknown
#    option, --lld without --pair: exit 2 (usage).
# Errors inside function bodies are not seen: the bodies are skipped.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: errors.sh CCDLL WORK}
WORK=${2:?usage: errors.sh CCDLL WORK}
start
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
export XDG_CACHE_HOME="$WORK/cache"

# expect STATUS WHAT COMMAND...: runs it (stderr to err.txt), checks the status.
expect() {
  want=$1 what=$2; shift 2
  "$@" >out.txt 2>err.txt
  got=$?
  [ "$got" -eq "$want" ] && ok "$what: exit $got" || { bad "$what: exit $got, want $want"; cat err.txt; }
}

cat >bad.c <<'C'
__declspec(dllexport) int __stdcall good(int a);
__declspec(dllexport) foo_t __stdcall broken(int a);
C
echo old >records.jsonl
expect 1 "a source with an error" "$ccdll" scan --target i686-w64-mingw32 -o records.jsonl bad.c
grep -q "^bad.c:2:23: error: unknown type name 'foo_t'$" err.txt && ok "$(cat err.txt)" ||
  { bad "no GCC-form error"; cat err.txt; }
[ "$(cat records.jsonl)" = old ] && ok "-o FILE left as it was" || bad "-o FILE changed after an error"
[ -s out.txt ] && bad "records on standard output after an error"

cat >warn.c <<'C'
#warning this is only a warning
__declspec(dllexport) int __stdcall good(int a);
C
expect 0 "a source with a warning" "$ccdll" scan --target i686-w64-mingw32 warn.c
grep -q '^warn.c:1:2: warning: this is only a warning \[-W#warnings\]$' err.txt && ok "$(cat err.txt)" ||
  { bad "no GCC-form warning"; cat err.txt; }
grep -q '"symbol":"good@4"' out.txt && ok "records despite the warning" || bad "no record after a warning"

expect 1 "a missing file" "$ccdll" scan missing.c
grep -q "^ccdll: error: missing.c: No such file or directory$" err.txt && ok "$(cat err.txt)" || bad "$(cat err.txt)"
expect 1 "an unknown target" "$ccdll" scan --target=sparc-sun-solaris warn.c
expect 1 "a bad clang argument" "$ccdll" scan warn.c -- -fno-such-flag
grep -q "error: unknown argument: '-fno-such-flag'" err.txt && ok "$(grep -m1 error err.txt)" || bad "$(cat err.txt)"
expect 2 "no input files" "$ccdll" scan
expect 2 "an unknown option" "$ccdll" scan --frobnicate warn.c
expect 2 "--lld without --pair" "$ccdll" scan --lld warn.c
expect 2 "--pair with -o" "$ccdll" scan --pair=x -o y warn.c
finish
