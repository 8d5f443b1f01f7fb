#!/bin/sh
# json.sh - ccdll scan's output is JSON Lines that a JSON parser reads:
# one object a line, every field of the right type, quotes, backslashes,
# tabs and UTF-8 in prototypes; "exported":false only with --all-prototypes.
#
# usage: json.sh CCDLL WORK
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: json.sh CCDLL WORK}
WORK=${2:?usage: json.sh CCDLL WORK}
here=$(cd "$(dirname "$0")" && pwd)
start
need python3
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
export XDG_CACHE_HOME="$WORK/cache"
printf '%s\n' \
  '#define API __declspec(dllexport)' \
  'API int quoted(const char *s = "a\"b\\c");	// tab before, größe after' \
  'extern "C" API int __stdcall plain(int);' \
  'struct API S { S(); virtual ~S(); static int n; };' \
  'int hidden(int);' >tricky.cpp

check() {
  python3 - "$@" <<'PY'
import json, sys
path, want_exported = sys.argv[1], sys.argv[2] == "all"
fields = {"name": str, "symbol": str, "conv": str, "arg_bytes": int, "kind": str,
          "file": str, "line": int, "col": int, "prototype": str}
bad = 0
n = 0
with open(path, "rb") as f:
    for i, raw in enumerate(f, 1):
        n += 1
        try:
            r = json.loads(raw.decode("utf-8"))
        except ValueError as e:
            print("line %d: not JSON: %s" % (i, e)); bad += 1; continue
        for k, t in fields.items():
            if not isinstance(r.get(k), t):
                print("line %d: %s is not a %s" % (i, k, t.__name__)); bad += 1
        if r.get("conv") not in ("cdecl", "stdcall", "fastcall", "vectorcall", "thiscall", "none"):
            print("line %d: conv %r" % (i, r.get("conv"))); bad += 1
        if r.get("kind") not in ("code", "data"):
            print("line %d: kind %r" % (i, r.get("kind"))); bad += 1
        if "exported" in r and (r["exported"] is not False or not want_exported):
            print("line %d: exported %r" % (i, r["exported"])); bad += 1
        if r.get("line", 0) < 1 or r.get("col", 0) < 1:
            print("line %d: bad place" % i); bad += 1
print("%d records" % n)
sys.exit(1 if bad or not n else 0)
PY
}

for target in i686-w64-mingw32 x86_64-w64-mingw32; do
  "$ccdll" scan --target $target tricky.cpp "$here/classes.cpp" >t.jsonl 2>t.err || { bad "$target: scan failed"; cat t.err; }
  out=$(check t.jsonl exported) && ok "$target: $out, well-formed" || { bad "$target: malformed"; echo "$out"; }
  "$ccdll" scan --all-prototypes --target $target tricky.cpp "$here/api.c" -- -DBUILDING_API >a.jsonl 2>a.err || { bad "$target: scan --all-prototypes failed"; cat a.err; }
  out=$(check a.jsonl all) && ok "$target --all-prototypes: $out, well-formed" || { bad "$target --all-prototypes: malformed"; echo "$out"; }
done
python3 -c '
import json, sys
r = [json.loads(l) for l in open("t.jsonl", encoding="utf-8")]
q = [x for x in r if x["symbol"].startswith("_Z6quoted")][0]
want = "API int quoted(const char *s = \"a\\\"b\\\\c\"); // tab before, gr\u00f6\u00dfe after"
sys.exit(0 if q["prototype"] == want else "prototype %r, want %r" % (q["prototype"], want))
' && ok "the prototype with quotes, a backslash, a tab and UTF-8 reads back" || bad "the prototype did not read back"
for name in _Z6hiddeni notexported; do
  grep "\"name\":\"$name\"" a.jsonl | grep -q '"exported":false' &&
    ok "--all-prototypes: $name is \"exported\":false" || bad "--all-prototypes: no record of $name"
done
finish
