#!/usr/bin/env python3
"""addresses.py - the two halves of tests/scan/windows.sh.

addresses.py RECORDS.jsonl "HEADERS": prints a C file that includes the
headers and takes the address of every stdcall and fastcall function of
the records, so that the object refers to each by its symbol.

addresses.py --compare RECORDS.jsonl OBJECT.nm: checks that the llvm-nm
listing of that object has each such function's symbol (ccdll's, with the
i386 '_' and with or without the __imp_ of a dllimport); prints
"N stdcall and M fastcall functions checked" or every disagreement with
what the object has instead, and exits 1 on any.
"""
import json
import re
import sys


def functions(path):
    out = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r["kind"] == "code" and r["conv"] in ("stdcall", "fastcall"):
                out.append(r)
    return out


def linker_symbol(sym):
    # i386 C symbols get a '_', fastcall ones ('@f@8') do not.
    return sym if sym.startswith("@") else "_" + sym


if sys.argv[1] != "--compare":
    recs = functions(sys.argv[1])
    for h in sys.argv[2].split():
        print("#include <%s>" % h)
    # A name may also be a macro (a function defined after its macro, or a
    # macro over another function): the address must be the function's.
    for r in recs:
        print("#undef %s" % r["name"])
    print("void *ccdll_addresses[] = {")
    for r in recs:
        print("  (void *)&%s," % r["name"])
    print("};")
    sys.stderr.write("%d\n" % len(recs))
    sys.exit(0)

recs = functions(sys.argv[2])
syms = set()
with open(sys.argv[3]) as f:
    for line in f:
        parts = line.split()
        if not parts:
            continue
        s = parts[-1]
        syms.add(s[len("__imp_"):] if s.startswith("__imp_") else s)
# What the object calls each plain name, for the messages.
by_name = {}
for s in syms:
    m = re.match(r"^_?@?([A-Za-z_][A-Za-z0-9_]*?)(@\d+)?$", s)
    if m:
        by_name.setdefault(m.group(1), []).append(s)
bad = 0
for r in recs:
    want = linker_symbol(r["symbol"])
    if want not in syms:
        bad += 1
        print("  %s:%d: %s: ccdll %s, the object has %s" % (
            r["file"], r["line"], r["name"], want, " ".join(sorted(by_name.get(r["name"], []))) or "nothing"))
if bad:
    print("%d of %d functions disagree" % (bad, len(recs)))
    sys.exit(1)
n_std = sum(1 for r in recs if r["conv"] == "stdcall")
n_arr = sum(1 for r in recs if re.search(r"\w\s*\[[^]]*\]\s*[,)]", r.get("prototype", "")))
print("%d stdcall and %d fastcall functions checked, %d with a parameter written T x[]" % (
    n_std, len(recs) - n_std, n_arr))
