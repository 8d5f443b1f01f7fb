#!/bin/sh
# realworld.sh CCDLL WORKDIR - <windows.h> and twelve more mingw-w64 SDK
# headers audited against the i686 import libraries of kernel32, user32,
# gdi32, advapi32, shell32 and ws2_32, and every finding confirmed by the
# compiler and the linker, not by ccdll:
#  - a call to every function the headers declare (and a reference to
#    every variable), compiled with the headers and linked against the six
#    libraries alone: the names the linker cannot resolve are exactly those
#    of the missing-in-artifacts, decoration-mismatch and
#    convention-mismatch findings;
#  - a reference to every name the libraries import (their __imp_
#    symbols, read with llvm-nm), compiled with the headers: the names the
#    compiler calls undeclared are exactly those of the missing-in-headers
#    findings.
# The counts are printed for the closing note. A call is made through the
# function's own address, cast to void (*)(void): it links the symbol the
# declaration makes, whatever the parameters.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc llvm-nm clang python3
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
start

cc=i686-w64-mingw32-gcc
lib=$(dirname "$($cc -print-file-name=libkernel32.a)")
inc=$(cd "$lib/../include" && pwd -P)
[ -f "$inc/windows.h" ] || skip "no mingw-w64 i686 headers"
headers="winsock2.h windows.h ws2tcpip.h mswsock.h shellapi.h shlobj.h aclapi.h sddl.h tlhelp32.h psapi.h
  wincred.h winsvc.h commdlg.h"
libs="kernel32 user32 gdi32 advapi32 shell32 ws2_32"
flags="-D_WIN32_WINNT=0x0A00"

for h in $headers; do echo "#include <$h>"; done > unit.h
"$ccdll" audit $(for h in $headers; do echo "--header=$inc/$h"; done) $flags \
  $(for l in $libs; do echo "--implib=$lib/lib$l.a"; done) --format=json --fail-on=never > audit.json ||
  { bad "ccdll audit"; finish; }
"$ccdll" scan --all-prototypes --scope="$inc" --target=i686-w64-mingw32 unit.h -- $flags > decls.jsonl ||
  { bad "ccdll scan"; finish; }

python3 - "$lib" $libs > counts.txt <<'PY'
import json, sys
audit = json.load(open("audit.json"))
by_rule = {}
for f in audit["findings"]:
    by_rule.setdefault(f["rule"], set()).add(f["name"])
for rule in sorted(by_rule):
    print(f"{rule} {len(by_rule[rule])}")
linked = set()
for r in ("missing-in-artifacts", "decoration-mismatch", "convention-mismatch"):
    linked |= by_rule.get(r, set())
open("want-unlinked.txt", "w").write("".join(n + "\n" for n in sorted(linked)))
open("want-undeclared.txt", "w").write("".join(n + "\n" for n in sorted(by_rule.get("missing-in-headers", ()))))
decls = [json.loads(l) for l in open("decls.jsonl")]
with open("calls.c", "w") as c:
    # One function per call: code after a call of a noreturn function
    # (abort) would be dropped. A macro of the same name (oleauto.h:
    # VarI4FromInt) is no call of the function declared.
    c.write('#include "unit.h"\n')
    for i, d in enumerate(decls):
        c.write(f'#undef {d["name"]}\n')
        if d["kind"] == "code":
            c.write(f'void call{i}(void) {{ ((void (*)(void))&{d["name"]})(); }}\n')
        else:
            c.write(f'void *ref{i}(void) {{ return (void *)&{d["name"]}; }}\n')
print(f"declarations {len(decls)}")
PY
cat counts.txt

# The linker's verdict: the names it cannot resolve.
$cc $flags -w -O0 -fno-builtin -c -o calls.o calls.c || { bad "calls.c does not compile"; finish; }
$cc -nostdlib -nostartfiles -Wl,-e,_call0 -o calls.exe calls.o $(for l in $libs; do echo "-l$l"; done) \
  > link.txt 2>&1 && bad "everything linked: no undefined reference at all?"
# (GNU ld names symbols without the i386 '_': _imp__Foo@8 for __imp__Foo@8.)
# Only calls.o's undefined references count: members of the libraries
# with code of their own refer to the C runtime, which is not linked. GNU
# ld names an i386 symbol without its '_': Foo@8 for _Foo@8, _imp__Foo@8
# for __imp__Foo@8. A declaration is unlinked when its symbol is named so.
sed -n "s/^[^ ]*ld: calls\.o:.*undefined reference to \`\(.*\)'/\1/p" link.txt | LC_ALL=C sort -u > undefined.txt
python3 - > got-unlinked.txt <<'PY'
import json
undefined = set(open("undefined.txt").read().split())
for d in (json.loads(l) for l in open("decls.jsonl")):
    if d["symbol"] in undefined or "_imp__" + d["symbol"] in undefined:
        print(d["name"])
PY
LC_ALL=C sort -u -o got-unlinked.txt got-unlinked.txt
LC_ALL=C sort -o want-unlinked.txt want-unlinked.txt
[ "$(wc -l < undefined.txt)" -ge "$(wc -l < got-unlinked.txt)" ] || bad "more unlinked declarations than undefined symbols"
same "the names that do not link are the audit's missing-in-artifacts and decoration findings ($(wc -l < got-unlinked.txt))" \
  want-unlinked.txt got-unlinked.txt

# The compiler's verdict: the imported names no header declares.
for l in $libs; do llvm-nm "$lib/lib$l.a" 2>/dev/null; done |
  sed -n 's/.* I __imp__\(.*\)$/\1/p' | sed 's/@[0-9][0-9]*$//; s/^@//' | LC_ALL=C sort -u > all-imported.txt
# A name that is no C identifier (shell32's ExtractIconW@) no header can
# declare: counted, not compiled.
grep -x '[A-Za-z_][A-Za-z_0-9]*' all-imported.txt > imported.txt
grep -vx '[A-Za-z_][A-Za-z_0-9]*' all-imported.txt > odd-names.txt
echo "imported names that are no C identifier: $(wc -l < odd-names.txt) ($(tr '\n' ' ' < odd-names.txt))"
# (#undef first: a header's macro of the name, BroadcastSystemMessage for
# BroadcastSystemMessageA, is no declaration of it.)
{ echo '#include "unit.h"'; echo 'void refs(void) {'; sed 's/.*/#undef &\n  (void)\&&;/' imported.txt; echo '}'; } > refs.c
clang --target=i686-w64-mingw32 $flags -w -fsyntax-only -ferror-limit=0 refs.c > compile.txt 2>&1
sed -n "s/.*use of undeclared identifier '\([^']*\)'.*/\1/p" compile.txt | LC_ALL=C sort -u > got-undeclared.txt
grep -x '[A-Za-z_][A-Za-z_0-9]*' want-undeclared.txt | LC_ALL=C sort > want-undeclared-ids.txt
grep -vx '[A-Za-z_][A-Za-z_0-9]*' want-undeclared.txt | LC_ALL=C sort > want-odd.txt
same "missing-in-headers findings of names that are no C identifier" odd-names.txt want-odd.txt
same "the imported names no header declares are the audit's missing-in-headers findings ($(wc -l < got-undeclared.txt) of $(wc -l < imported.txt))" \
  want-undeclared-ids.txt got-undeclared.txt
finish
