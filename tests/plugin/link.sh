#!/bin/sh
# link.sh PLUGINS WORKDIR - DLLs linked from objects with .ccdll sections,
# by GNU ld and by lld: both link without a word, and neither copies the
# section (nor its bytes) into the DLL, which exports every recorded symbol.
PLUGINS=$1 WORK=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
. "$here/lib.sh"
need_plugins
need llvm-readobj
start
cp "$here"/cases/* .

have_lld=1
command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1 || have_lld=0
[ $have_lld = 1 ] || echo "clang or ld.lld not found: lld not checked"

# check_dll WHAT DLL RECORDS: no .ccdll in the DLL, every record exported.
check_dll() {
  if llvm-readobj --sections "$2" | grep -q 'Name: \.ccdll'; then
    bad "$1: the DLL has a .ccdll section"
  elif grep -q '"prototype":' "$2"; then
    bad "$1: the records' bytes are in the DLL"
  else
    ok "$1: no .ccdll in the DLL"
  fi
  llvm-readobj --coff-exports "$2" | sed -n 's/^ *Name: \(..*\)$/\1/p' | sort > exported.txt
  record_symbols "$3" | sed 's/,data$//' | sort > recorded.txt
  comm -13 exported.txt recorded.txt > missing.txt
  if [ -s recorded.txt ] && [ ! -s missing.txt ]; then
    ok "$1: the DLL exports the $(wc -l < recorded.txt) recorded symbols"
  else
    bad "$1: recorded but not exported: $(head -5 missing.txt | tr '\n' ' ')"
  fi
}

# quiet WHAT COMMAND...: runs a link, which must succeed with no output.
quiet() {
  what=$1
  shift
  if ! "$@" > link.out 2>&1; then
    bad "$what: the link failed"
    cat link.out
    return 1
  fi
  [ -s link.out ] && { bad "$what: the linker says something"; cat link.out; }
  return 0
}

found=0
for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null 2>&1 || continue
  found=1
  plugin=$(plugin_of "$t-gcc") || { bad "no plugin built for $t-gcc"; continue; }
  for src in exports.c exports.cc; do
    cc=$t-gcc
    libs=
    case $src in *.cc) cc=$t-g++ libs=-lstdc++ ;; esac
    command -v "$cc" >/dev/null 2>&1 || continue
    o=$arch-$src.o
    "$cc" -I. -fplugin="$plugin" -c $src -o $o || { bad "$cc $src: does not compile"; continue; }
    records $o > $o.recs || { bad "$cc $src: no .ccdll section"; continue; }
    quiet "$arch $src, GNU ld" "$cc" -shared -o $arch-$src-gnu.dll $o &&
      check_dll "$arch $src, GNU ld" $arch-$src-gnu.dll $o.recs
    if [ $have_lld = 1 ]; then
      quiet "$arch $src, lld" link_lld $arch $arch-$src-lld.dll -shared $o $libs &&
        check_dll "$arch $src, lld" $arch-$src-lld.dll $o.recs
    fi
  done
done
[ $found = 1 ] || skip "no mingw-w64 gcc found"
finish
