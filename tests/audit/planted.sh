#!/bin/sh
# planted.sh CCDLL WORKDIR - `ccdll audit` on artifacts with planted
# mismatches of 18 kinds (planted/: bad.h, bad.dll from bad.c, libbad.a,
# bad.def, the previous release old.def):
#  - first, tools we did not write show that each plant is there
#    (llvm-objdump: the ret N of the code; llvm-readobj: the DLL's
#    ordinals and data; llvm-nm: the import library's symbols);
#  - the findings are exactly those that "expect: RULE" marks in bad.h and
#    bad.def, each at its line, plus the two at the DLL named below;
#  - the import library made by ccdll implib (short import members) and by
#    GNU dlltool (long members, '==' included) give the same findings;
#  - JSON and SARIF hold the same findings; the exit status follows
#    --fail-on.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc llvm-objdump llvm-readobj llvm-nm
start
cp "$(dirname "$0")"/planted/* .

i686-w64-mingw32-gcc -O2 -shared -o bad.dll bad.c bad_dll.def || { bad "bad.dll"; finish; }
"$ccdll" implib -m i386 -k -d bad_i.def -l libbad.a || bad "ccdll implib"

# The plants, as other tools see them.
code_of() {   # the instructions of an export, from llvm-objdump
  llvm-objdump -d --no-show-raw-insn -M intel bad.dll | awk -v f="<_$1@" -v g="<_$1>" '
    index($0, f) || index($0, g) { on = 1; next } on && /^$/ { exit } on && $2 == "ret" { print $2, $3 }'
}
[ "$(code_of Stack)" = "ret 12" ] && ok "Stack's code pops 12" || bad "Stack's code pops 12"
[ "$(code_of CdeclPops)" = "ret 4" ] && ok "CdeclPops's code pops 4" || bad "CdeclPops's code pops 4"
[ "$(code_of StdNoPop | sed 's/ *$//')" = "ret" ] && ok "StdNoPop's code pops nothing" || bad "StdNoPop's code pops nothing"
llvm-readobj --coff-exports bad.dll > exports.txt
awk '/Ordinal:/ { o = $2 } /Name:/ { print o, $2 }' exports.txt > ordinals.txt
grep -qx '7 Seven' ordinals.txt && ok "ordinal 7 is Seven" || bad "ordinal 7 is Seven"
grep -qx '21 NewName' ordinals.txt && ok "ordinal 21 is NewName" || bad "ordinal 21 is NewName"
grep -qx '31 Moved' ordinals.txt && ok "ordinal 31 is Moved" || bad "ordinal 31 is Moved"
llvm-nm libbad.a > implib-symbols.txt
for s in _Deco@12 _Plain _Plain@4; do
  grep -q " T $s\$" implib-symbols.txt && ok "libbad.a has $s" || bad "libbad.a has $s"
done

# The findings the marks ask for: FILE:LINE RULE.
grep -n 'expect: ' bad.h bad.def | sed 's/^\([^:]*:[0-9]*\):.*expect: \([a-z-]*\).*/\1 \2/' > want.txt
echo "bad.dll missing-in-headers" >> want.txt
echo "bad.dll export-removed" >> want.txt
LC_ALL=C sort -o want.txt want.txt
[ "$(cut -d' ' -f2 want.txt | sort -u | wc -l)" -ge 15 ] && ok "$(wc -l < want.txt) kinds planted" ||
  bad "fewer than 15 kinds planted"

audit() {   # audit IMPLIB FORMAT: the report on stdout, the status in $status
  "$ccdll" audit --header bad.h --dll bad.dll --implib "$1" --def bad.def --baseline old.def --format="$2"
}
# FILE:LINE RULE of each finding of a GCC-form report (notes of a finding
# are not findings: they have no [rule]).
findings() {
  sed -n 's/^\([^:]*\):\([0-9]*:[0-9]*:\)\{0,1\} \(error\|warning\|note\): .*\[\([a-z-]*\)\]$/\1:\2 \4/p' "$1" |
    sed 's/^\([^:]*\):\([0-9]*\):[0-9]*: /\1:\2 /; s/^\([^:]*\): /\1 /' | LC_ALL=C sort
}

audit libbad.a gcc > report.txt
status=$?
cat report.txt
findings report.txt > got.txt
same "findings (short import members)" want.txt got.txt
[ $status = 1 ] && ok "exit status 1 on errors" || bad "exit status $status on errors"

if command -v i686-w64-mingw32-dlltool >/dev/null; then
  i686-w64-mingw32-dlltool -k -d bad_i.def -l libbad-gnu.a || bad "dlltool"
  llvm-nm libbad-gnu.a | grep -q ' T _Deco@12$' && ok "dlltool's libbad.a has _Deco@12" || bad "dlltool's _Deco@12"
  audit libbad-gnu.a gcc | sed 's/libbad-gnu\.a/libbad.a/g' > report-gnu.txt
  findings report-gnu.txt > got-gnu.txt
  same "findings (GNU dlltool's long members)" want.txt got-gnu.txt
else
  echo "not checked: GNU dlltool's long members (no i686-w64-mingw32-dlltool)"
fi

# JSON and SARIF: the same findings.
n=$(wc -l < want.txt)
audit libbad.a json > report.json
[ "$(grep -c '"rule":' report.json)" = "$n" ] && ok "JSON: $n findings" || bad "JSON: $(grep -c '"rule":' report.json) findings"
audit libbad.a sarif > report.sarif
[ "$(grep -c '"ruleId":' report.sarif)" = "$n" ] && ok "SARIF: $n results" || bad "SARIF: $(grep -c '"ruleId":' report.sarif) results"

# --fail-on: the worst finding is an error.
"$ccdll" audit --header bad.h --dll bad.dll --implib libbad.a --fail-on=never > /dev/null &&
  ok "--fail-on=never: status 0" || bad "--fail-on=never"
"$ccdll" audit --header bad.h --dll bad.dll --ignore=missing-in-headers --ignore=missing-in-artifacts \
  --ignore=stack-bytes-mismatch --ignore=callee-pops-cdecl --ignore=caller-pops-stdcall \
  --ignore=data-declared-code --fail-on=note > ignored.txt &&
  ok "--ignore: nothing left" || { bad "--ignore"; cat ignored.txt; }

# Bad input: an error in GCC's form, status 1, and no report (an earlier
# one is left as it was).
head -c 700 bad.dll > damaged.dll
echo earlier > report.out
"$ccdll" audit --header bad.h --dll damaged.dll -o report.out 2> damaged.err
status=$?
if [ $status = 1 ] && grep -q '^damaged.dll: error: ' damaged.err && [ "$(cat report.out)" = earlier ]; then
  ok "a damaged DLL: $(head -1 damaged.err)"
else
  bad "a damaged DLL: status $status"; cat damaged.err
fi
finish
