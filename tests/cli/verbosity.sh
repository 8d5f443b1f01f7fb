#!/bin/sh
# verbosity.sh CCDLL CC_DLL WORKDIR - quiet by default, like other toolchain
# tools: building bar.dll with cc-dll and running each ccdll command on good
# input prints nothing on standard error (and only the requested output on
# standard output); -v names the files read and written (and the commands
# run); --stats prints each phase's time and counts that agree with the
# inputs (2 exports in bar.def, 3 files written by cc-dll).
ccdll=$1 ccdll_driver=$2 WORK=$3
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc
start
cp "$(dirname "$0")/../../examples/bar/bar.c" "$(dirname "$0")/../../examples/bar/bar.h" .

quiet() {   # quiet WHAT COMMAND...: no message at all
  "$@" > out.txt 2> err.txt || { bad "$1: failed"; cat err.txt; return; }
  [ ! -s err.txt ] && ok "$1 ${2:-}: quiet" || { bad "$1 ${2:-}: said something"; cat err.txt; }
}
quiet "$ccdll_driver" --ccdll-cc=i686-w64-mingw32-gcc -shared -o bar.dll bar.c
[ ! -s out.txt ] && ok "cc-dll prints nothing on stdout" || bad "cc-dll printed on stdout"
quiet "$ccdll" def -m i386 -d bar_i.def -o norm.def
quiet "$ccdll" implib -m i386 -k -d bar_i.def -l libx.a
quiet "$ccdll" exp -m i386 -d bar_e.def -o exports.o
quiet "$ccdll" exports bar.dll
quiet "$ccdll" gendef bar.dll -o gen.def
quiet "$ccdll" audit --header bar.h --dll bar.dll --implib libbar.dll.a --def bar_i.def
quiet "$ccdll" scan --target=i686-w64-mingw32 bar.h

# -v: the files.
"$ccdll" implib -v -m i386 -k -d bar_i.def -l libv.a 2> v.txt
grep -qx 'ccdll: read bar_i.def ([0-9]* bytes)' v.txt && grep -qx 'ccdll: wrote libv.a' v.txt &&
  ok "-v names the .def read and the library written" || { bad "-v"; cat v.txt; }
"$ccdll_driver" --ccdll-cc=i686-w64-mingw32-gcc -v -shared -o barv.dll bar.c > /dev/null 2> dv.txt
grep -q 'i686-w64-mingw32-gcc' dv.txt && ok "cc-dll -v prints the commands" || bad "cc-dll -v"

# --stats: phases and counts.
"$ccdll" implib --stats -m i386 -k -d bar_i.def -l libs.a 2> s.txt
grep -q '^ccdll: stats: read the .def  *[0-9.]* ms$' s.txt && grep -q '^ccdll: stats: total  *[0-9.]* ms$' s.txt &&
  grep -q '^ccdll: stats: exports  *2$' s.txt && grep -q '^ccdll: stats: files written  *1$' s.txt &&
  [ "$(sed -n 's/^ccdll: stats: bytes written  *//p' s.txt)" = "$(wc -c < libs.a)" ] &&
  ok "ccdll --stats: phases, 2 exports, 1 file of $(wc -c < libs.a) bytes" || { bad "ccdll --stats"; cat s.txt; }
"$ccdll_driver" --ccdll-cc=i686-w64-mingw32-gcc --ccdll-stats -shared -o bars.dll bar.c 2> ds.txt
for phase in compile exports link; do
  grep -q "^cc-dll: stats: $phase  *[0-9.]* ms$" ds.txt || bad "cc-dll --ccdll-stats: no $phase phase"
done
grep -q '^cc-dll: stats: exports  *2$' ds.txt && grep -q '^cc-dll: stats: files written  *3$' ds.txt &&
  ok "cc-dll --ccdll-stats: phases, 2 exports, 3 files (.def pair and import library)" || { bad "cc-dll --ccdll-stats"; cat ds.txt; }
finish
