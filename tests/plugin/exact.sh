#!/bin/sh
# exact.sh PLUGINS WORKDIR - the .ccdll section of cases/small.c byte for
# byte: the records written by hand from the rules in small.i686.jsonl and
# small.x86_64.jsonl (not taken from a run), then newlines up to a
# multiple of 4 bytes. Compiled once as small.c and once as sub/small.c:
# the file is named as the compiler was given it.
PLUGINS=$1 WORK=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
. "$here/lib.sh"
need_plugins
start
mkdir sub
cp "$here/cases/small.c" .
cp "$here/cases/small.c" sub/

found=0
for arch in i686 x86_64; do
  cc=$(triple $arch)-gcc
  command -v "$cc" >/dev/null 2>&1 || continue
  found=1
  plugin=$(plugin_of "$cc") || { bad "no plugin built for $cc"; continue; }
  for src in small.c sub/small.c; do
    sed "s|\"file\":\"small.c\"|\"file\":\"$src\"|" "$here/cases/small.$arch.jsonl" > want.txt
    while [ $(($(wc -c < want.txt) % 4)) -ne 0 ]; do echo >> want.txt; done
    rm -f small.o
    "$cc" -fplugin="$plugin" -c "$src" -o small.o || { bad "$cc $src: does not compile"; continue; }
    section small.o .ccdll got.txt || { bad "$cc $src: no .ccdll section"; continue; }
    same "$cc $src: the section holds the records written by hand" want.txt got.txt
  done
done
[ $found = 1 ] || skip "no mingw-w64 gcc found"
finish
