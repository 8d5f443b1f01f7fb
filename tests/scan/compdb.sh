#!/bin/sh
# compdb.sh - ccdll scan -p BUILD_DIR: each file with the flags of its
# entry in compile_commands.json.
#
# usage: compdb.sh CCDLL WORK
#
#  - api.c's entry defines BUILDING_API (which makes the API macro
#    dllexport), has a relative -I and names the i686 compiler: its records
#    come with the i386 decorations and no --target given;
#  - client.c's entry has no BUILDING_API: only Attr, which api.h exports
#    with the attribute itself;
#  - a file without an entry is an error that names it (exit 1), and so is
#    a directory without compile_commands.json.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: compdb.sh CCDLL WORK}
WORK=${2:?usage: compdb.sh CCDLL WORK}
here=$(cd "$(dirname "$0")" && pwd)
start
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
export XDG_CACHE_HOME="$WORK/cache"
mkdir -p src/include build
cp "$here/api.h" src/include/
sed 's/#include "api.h"/#include <api.h>/' "$here/api.c" >src/api.c
printf '#include <api.h>\nint client(void) { return Foo(1); }\n' >src/client.c
printf 'int other(void);\n' >src/other.c
cat >build/compile_commands.json <<JSON
[
  { "directory": "$WORK/build",
    "command": "i686-w64-mingw32-gcc -DBUILDING_API -I../src/include -O2 -MD -MF api.o.d -c -o api.o ../src/api.c",
    "file": "../src/api.c" },
  { "directory": "$WORK/build",
    "arguments": ["i686-w64-mingw32-gcc", "-I../src/include", "-c", "$WORK/src/client.c", "-o", "client.o"],
    "file": "$WORK/src/client.c" }
]
JSON

if "$ccdll" scan -p build src/api.c >api.jsonl 2>api.err; then
  ok "api.c scanned with its entry's flags"
else
  bad "ccdll scan -p build src/api.c failed"; cat api.err
fi
for want in '"symbol":"Foo@4"' '"symbol":"@Fast@12"' '"symbol":"ViaMacro@4"' '"name":"Var"'; do
  grep -q "$want" api.jsonl && ok "api.c: $want (BUILDING_API and the i686 target from the entry)" ||
    bad "api.c: no $want"
done
[ -f build/api.o.d ] && bad "the entry's -MD -MF reached libclang (build/api.o.d written)"

"$ccdll" scan -p build "$WORK/src/client.c" >client.jsonl 2>client.err || bad "client.c failed"; cat client.err
names=$(sed 's/^{"name":"\([^"]*\)".*/\1/' client.jsonl | tr '\n' ' ')
[ "$names" = "Attr " ] && ok "client.c (no BUILDING_API): only Attr" ||
  bad "client.c (no BUILDING_API): records of $names(want Attr only)"

"$ccdll" scan -p build src/api.c src/other.c >both.jsonl 2>other.err
status=$?
[ $status -eq 1 ] && ok "a file without an entry: exit 1" || bad "a file without an entry: exit $status"
grep -qF "ccdll: error: src/other.c: no entry in build/compile_commands.json" other.err &&
  ok "$(cat other.err)" || { bad "no message naming src/other.c"; cat other.err; }
[ -s both.jsonl ] && bad "records written after an error"

"$ccdll" scan -p src src/api.c >/dev/null 2>nodb.err
status=$?
[ $status -eq 1 ] && grep -q "compile_commands.json" nodb.err && ok "no database: $(cat nodb.err)" ||
  { bad "no database: exit $status"; cat nodb.err; }
finish
