#!/bin/sh
# cache.sh - ccdll scan's cache of unchanged translation units
# (plugin/clang/cache.c): a rescan gives the same records and messages
# without parsing, and every change that could change them is noticed.
#
# usage: cache.sh CCDLL WORK
#
#  - a second scan is a hit (-v says so) with the same records and warnings;
#  - a header edited, a header created earlier in the include path (a
#    shadow), then removed again, other flags, --all-prototypes: misses,
#    and the records follow;
#  - -o into the scanned directory does not spoil the next hit;
#  - a unit with errors is never kept; --no-cache never hits.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: cache.sh CCDLL WORK}
WORK=${2:?usage: cache.sh CCDLL WORK}
start
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
export XDG_CACHE_HOME="$WORK/cache"
mkdir -p src inc shadow
printf '#include "api.h"\n#warning kept with the records\n' >src/a.c
printf '__declspec(dllexport) int __stdcall Foo(int a);\n' >inc/api.h

# scan NAME [OPTION]: scans src/a.c (with the clang arguments $extra too);
# NAME.jsonl, NAME.err; "hit" or "miss" in NAME.how.
extra=
scan() {
  name=$1; shift
  # shellcheck disable=SC2086
  "$ccdll" scan -v --target i686-w64-mingw32 "$@" src/a.c -- -Ishadow -Iinc $extra >$name.jsonl 2>$name.err
  echo $? >$name.status
  if grep -q '^ccdll: records from ' $name.err; then echo hit; else echo miss; fi >$name.how
  grep -v '^ccdll: ' $name.err >$name.msgs
}
# expect NAME hit|miss SYMBOL WHAT
expect() {
  if [ "$(cat $1.how)" = "$2" ] && grep -q "\"symbol\":\"$3\"" $1.jsonl; then
    ok "$4: $2, $3"
  else
    bad "$4: $(cat $1.how) (want $2), records: $(cat $1.jsonl)"
  fi
}

scan first;  expect first miss Foo@4 "first scan"
scan second; expect second hit Foo@4 "rescan"
same "rescan: the same records" first.jsonl second.jsonl
same "rescan: the same warnings" first.msgs second.msgs

printf '__declspec(dllexport) int __stdcall Foo(int a, int b);\n' >inc/api.h
scan edited; expect edited miss Foo@8 "header edited"
scan edited2; expect edited2 hit Foo@8 "rescan after the edit"

printf '__declspec(dllexport) int __stdcall Foo(double d, int a, int b);\n' >shadow/api.h
scan shadowed; expect shadowed miss Foo@16 "a header created earlier in the include path"
rm shadow/api.h
scan unshadowed; expect unshadowed miss Foo@8 "the shadow removed"

extra=-DSOMETHING
scan flags; expect flags miss Foo@8 "other clang arguments"
extra=
scan all --all-prototypes; expect all miss Foo@8 "--all-prototypes"

"$ccdll" scan --target i686-w64-mingw32 -o src/records.jsonl src/a.c -- -Ishadow -Iinc 2>/dev/null
scan after_output; expect after_output hit Foo@8 "after -o wrote into the scanned directory"

printf 'int broken(;\n' >>inc/api.h
scan bad1; scan bad2
[ "$(cat bad1.status) $(cat bad2.status) $(cat bad2.how)" = "1 1 miss" ] &&
  ok "a unit with errors: exit 1 both times, never from the cache" || bad "errors: $(cat bad1.status bad2.status bad2.how)"

"$ccdll" scan -v --no-cache --target i686-w64-mingw32 src/a.c -- -Ishadow -Iinc >/dev/null 2>nocache.err
grep -q '^ccdll: records from ' nocache.err && bad "--no-cache: a hit" || ok "--no-cache: parsed"
finish
