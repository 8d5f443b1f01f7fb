#!/bin/sh
# resource.sh - clang's resource directory: libclang 14 does not find its
# own builtin headers (<stddef.h>, <intrin.h>, <mm_malloc.h>), so ccdll
# scan finds the directory and passes -resource-dir (plugin/clang/resource.c).
#
# usage: resource.sh CCDLL WORK
#
#  - with the search turned off (CCDLL_CLANG_RESOURCE_DIR empty: libclang
#    alone), a unit with <windows.h> and <intrin.h> for i686 fails on
#    mm_malloc.h: the fix is needed;
#  - with it, the same unit scans, and the exported declaration that
#    follows `#include <intrin.h>` is found;
#  - the declarations of <windows.h> counted with our directory and with
#    the one `clang -print-resource-dir` gives are the same.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: resource.sh CCDLL WORK}
WORK=${2:?usage: resource.sh CCDLL WORK}
start
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
[ -f /usr/i686-w64-mingw32/include/windows.h ] || skip "mingw-w64 headers not found"
export XDG_CACHE_HOME="$WORK/cache"
cat >tu.c <<'C'
#include <windows.h>
#include <intrin.h>
#include <mm_malloc.h>
__declspec(dllexport) int __stdcall AfterIntrin(void *p, __m128 v);
C

if CCDLL_CLANG_RESOURCE_DIR='' "$ccdll" scan --no-cache --target i686-w64-mingw32 tu.c >none.jsonl 2>none.err; then
  bad "without a resource directory libclang scanned tu.c: the fix is not needed?"
elif grep -q "mm_malloc.h' file not found" none.err; then
  ok "without a resource directory libclang fails: $(grep -m1 'file not found' none.err)"
else
  bad "without a resource directory: an unexpected failure"; head -5 none.err
fi

if "$ccdll" scan -v --no-cache --target i686-w64-mingw32 tu.c >ours.jsonl 2>ours.err; then
  ok "scanned with $(sed -n 's/^ccdll: clang resource directory: //p' ours.err)"
else
  bad "ccdll scan failed with its resource directory"; head -5 ours.err
fi
if grep -q '"name":"AfterIntrin","symbol":"AfterIntrin@20"' ours.jsonl; then
  ok "the declaration after <intrin.h> is found: AfterIntrin@20"
else
  bad "AfterIntrin@20 not found"; cat ours.jsonl
fi

if command -v clang >/dev/null 2>&1; then
  dir=$(clang -print-resource-dir)
  "$ccdll" scan --no-cache --all-prototypes --target i686-w64-mingw32 /usr/i686-w64-mingw32/include/windows.h \
    >auto.jsonl 2>auto.err || bad "windows.h: ccdll scan failed"
  "$ccdll" scan --no-cache --all-prototypes --target i686-w64-mingw32 /usr/i686-w64-mingw32/include/windows.h \
    -- -resource-dir "$dir" >driver.jsonl 2>driver.err || bad "windows.h with -resource-dir $dir: ccdll scan failed"
  n1=$(wc -l <auto.jsonl) n2=$(wc -l <driver.jsonl)
  if [ "$n1" -eq "$n2" ] && [ "$n1" -gt 5000 ]; then
    ok "windows.h: $n1 functions with ours and with clang's $dir"
  else
    bad "windows.h: $n1 functions with ours, $n2 with clang's $dir"
  fi
fi
finish
