#!/bin/sh
# repro.sh CCDLL WORKDIR - the same .def gives byte-identical import and
# delay-load libraries across runs, output names and directories.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
def=$(cd "$(dirname "$0")" && pwd)/cases.def
start
mkdir -p a b/deeper
for m in i386 i386:x86-64 arm64; do
  y1= y2=
  [ $m != arm64 ] && y1="-y a/d.a" y2="-y b/deeper/other-delay.lib"
  (cd a && "$ccdll" implib -m $m -k -d "$def" -l lib.a) &&
    "$ccdll" implib -m $m -k -d "$def" -l b/deeper/other.lib $y2 &&
    "$ccdll" implib -m $m -k -d "$def" -l b/lib2.a $y1 || bad "$m: implib failed"
  cmp -s a/lib.a b/deeper/other.lib && cmp -s a/lib.a b/lib2.a && ok "$m: import library" ||
    bad "$m: import libraries differ"
  if [ -n "$y1" ]; then
    cmp -s a/d.a b/deeper/other-delay.lib && ok "$m: delay-load library" || bad "$m: delay-load libraries differ"
  fi
  rm -f a/* b/*.a b/deeper/*
done
finish
