#!/bin/sh
# sarif.sh CCDLL WORKDIR - the audit's SARIF against Microsoft's SARIF
# Multitool (npm @microsoft/sarif-multitool, installed by .ci/install-deps
# into /opt/ccdll-tools, or named by $SARIF_MULTITOOL): the reports of the
# planted set and of <windows.h> against libkernel32.a validate against
# the SARIF 2.1.0 schema with no error. The validator must be able to
# fail: a report broken on purpose (no runs[].tool) gives errors.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
tool=${SARIF_MULTITOOL:-/opt/ccdll-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
[ -x "$tool" ] || skip "no SARIF Multitool (sh .ci/install-deps installs it)"
need i686-w64-mingw32-gcc
start
cp "$(dirname "$0")"/planted/* .
i686-w64-mingw32-gcc -O2 -shared -o bad.dll bad.c bad_dll.def || { bad "bad.dll"; finish; }
"$ccdll" implib -m i386 -k -d bad_i.def -l libbad.a || bad "ccdll implib"

# validate NAME FILE: no error (warnings are advice: SARIF2017 asks for a
# region where a finding is about a whole binary file).
validate() {
  "$tool" validate "$PWD/$2" > "$1.out" 2>&1
  status=$?
  errors=$(grep -c 'error ' "$1.out")
  if [ $status = 0 ] && [ "$errors" = 0 ] && grep -q 'Analysis completed successfully' "$1.out"; then
    ok "$1: valid SARIF 2.1.0 ($(grep -c ': warning ' "$1.out") warnings)"
  else
    bad "$1: validator status $status, $errors errors"; grep 'error ' "$1.out" | head -5
  fi
}

"$ccdll" audit --header bad.h --dll bad.dll --implib libbad.a --def bad.def --baseline old.def --format=sarif > planted.sarif
[ "$(grep -c '"ruleId":' planted.sarif)" -ge 15 ] && ok "planted: $(grep -c '"ruleId":' planted.sarif) results" ||
  bad "planted: too few results"
validate planted planted.sarif

lib=$(i686-w64-mingw32-gcc -print-file-name=libkernel32.a)
if [ -f "$lib" ] && "$ccdll" scan --help | grep -q libclang; then
  "$ccdll" audit --header "$(dirname "$lib")/../include/windows.h" -D _WIN32_WINNT=0x0A00 --implib "$lib" \
    --format=sarif --fail-on=never > kernel32.sarif || bad "audit of windows.h"
  validate kernel32 kernel32.sarif
else
  echo "not checked: windows.h against libkernel32.a (no libclang or no library)"
fi

# A broken report must fail.
sed 's/"tool":/"tool_":/' planted.sarif > broken.sarif
"$tool" validate "$PWD/broken.sarif" > broken.out 2>&1
grep -q 'broken.sarif.*: error ' broken.out && ok "the validator rejects a report without runs[].tool" ||
  bad "the validator accepts a report without runs[].tool"
finish
