#!/bin/sh
# windows.sh - the decoration check: ccdll scan over the Windows SDK headers
# of mingw-w64 for i686, every stdcall and fastcall function's symbol
# compared with (a) clang's mangling (ccdll scan warns on any difference)
# and (b) the symbol in real objects: a C file that takes the address of
# each function, compiled with i686-w64-mingw32-gcc and with clang, its
# undefined symbols read with llvm-nm.
#
# usage: windows.sh CCDLL WORK
#
# Three header sets, one translation unit per header: the user-mode SDK
# (windows.h and fourteen more, each after windows.h), winhttp.h (which
# cannot share a C file with wininet.h) and the kernel-mode ddk/ntifs.h
# (which has the fastcall functions: Iof*, Obf*, Exf*...).
# --all-prototypes scopes the prototypes to the headers' directory, so
# each set is the SDK's functions and no others. Prints the number of
# functions checked per set and every disagreement; exits 1 on any.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: windows.sh CCDLL WORK}
WORK=${2:?usage: windows.sh CCDLL WORK}
here=$(cd "$(dirname "$0")" && pwd)
start
need i686-w64-mingw32-gcc python3
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
nm=
for n in llvm-nm llvm-nm-14 llvm-nm-15 llvm-nm-16 llvm-nm-17 llvm-nm-18; do
  command -v "$n" >/dev/null 2>&1 && { nm=$n; break; }
done
[ -n "$nm" ] || skip "llvm-nm not found"
inc=/usr/i686-w64-mingw32/include
[ -f "$inc/windows.h" ] || skip "mingw-w64 headers not found in $inc"
export XDG_CACHE_HOME="$WORK/cache"

user='windows.h winsock2.h ws2tcpip.h commctrl.h shlobj.h shellapi.h wininet.h setupapi.h
      dbghelp.h iphlpapi.h ole2.h wincrypt.h psapi.h tlhelp32.h mmsystem.h'

# check SET HEADERS CLANG_ARGS...: scans the headers, compiles the address
# file with gcc and clang, compares.
check() {
  set_name=$1 headers=$2; shift 2
  files=
  for h in $headers; do files="$files $inc/$h"; done
  # shellcheck disable=SC2086
  if ! "$ccdll" scan --all-prototypes --target i686-w64-mingw32 $files -- "$@" \
      >"$set_name.jsonl" 2>"$set_name.err"; then
    bad "$set_name: ccdll scan failed"; head -20 "$set_name.err"; return
  fi
  if grep "warning: clang's symbol" "$set_name.err"; then
    bad "$set_name: ccdll's symbols differ from clang's mangling (above)"
  else
    ok "$set_name: every symbol is clang's mangling"
  fi
  python3 "$here/addresses.py" "$set_name.jsonl" "$headers" >"$set_name.c" 2>"$set_name.count" ||
    { bad "$set_name: no address file"; return; }
  for cc in "i686-w64-mingw32-gcc" "clang --target=i686-w64-mingw32"; do
    case $cc in clang*) tag=clang ;; *) tag=gcc ;; esac
    command -v "${cc%% *}" >/dev/null 2>&1 || { echo "${cc%% *} not found: not compared"; continue; }
    # shellcheck disable=SC2086
    if ! $cc -w "$@" -c "$set_name.c" -o "$set_name-$tag.o" 2>"$set_name-$tag.cc.err"; then
      bad "$set_name: $cc cannot compile the address file"; head -20 "$set_name-$tag.cc.err"; continue
    fi
    "$nm" "$set_name-$tag.o" >"$set_name-$tag.nm" || { bad "$set_name: $nm failed"; continue; }
    if python3 "$here/addresses.py" --compare "$set_name.jsonl" "$set_name-$tag.nm" >"$set_name-$tag.diff"; then
      ok "$set_name: $(cat "$set_name-$tag.diff") ($cc)"
    else
      bad "$set_name: symbols that differ from $cc's:"; cat "$set_name-$tag.diff"
    fi
  done
}

check user "$user" -include windows.h
check winhttp "winhttp.h" -include windows.h
check ddk "ddk/ntifs.h" -I"$inc/ddk"
finish
