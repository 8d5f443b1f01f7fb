# multi.sh CC_DLL WORK - DLLs from several files and a static library, and
# from a .def, for i686 and x86_64, each against what GNU ld exports of the
# same inputs with --kill-at (its own export list, -Wl,--output-def):
#  - a.c and b.c with libhelp.a, given by path and with -L/-l: the member
#    the link needs (helper.o) is taken in and exported, the other
#    (unused.o) is not;
#  - sources and objects mixed on one command line, compiled separately;
#  - plain.c with plain.def: the .def's plain `Plain` is the object's
#    Plain@8 (stdcall fixup), and no other symbol is exported.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)/multi
. "$(dirname "$0")/../common.sh"
need llvm-readobj
start

def_names() {
  awk '/^EXPORTS/ { on = 1; next } on && NF { n = $1; sub(/=.*/, "", n); print n ($NF == "DATA" ? " DATA" : "") }' "$1" |
    LC_ALL=C sort
}
dll_names() { llvm-readobj --coff-exports "$1" | sed -n 's/^ *Name: //p' | LC_ALL=C sort; }

for arch in i686 x86_64; do
  cc=$(triple $arch)-gcc
  command -v $cc >/dev/null || { echo "not checked: $arch"; continue; }
  mkdir -p $arch && cd $arch || exit 1
  for f in a b helper unused plain; do $cc -O2 -c -o $f.o "$SRC/$f.c" || bad "$arch: $f.c"; done
  rm -f libhelp.a && $(triple $arch)-ar rcs libhelp.a helper.o unused.o

  # GNU ld's lists.
  $cc -shared -o ld.dll a.o b.o libhelp.a -Wl,--kill-at -Wl,--output-def=ld.def && def_names ld.def > ld.txt
  $cc -shared -o ldplain.dll plain.o "$SRC/plain.def" -Wl,--kill-at -Wl,--output-def=ldplain.def 2>/dev/null &&
    def_names ldplain.def > ldplain.txt
  grep -q Helper ld.txt && ! grep -q Unused ld.txt || bad "$arch: GNU ld's list is not as expected"

  "$ccdll" --ccdll-cc=$cc -O2 -shared -o path.dll a.o b.o libhelp.a && def_names path_e.def > path.txt &&
    same "$arch: objects and an archive by path" ld.txt path.txt || bad "$arch: objects and an archive by path"
  "$ccdll" --ccdll-cc=$cc -O2 -shared -o lib.dll a.o b.o -L. -lhelp && def_names lib_e.def > lib.txt &&
    same "$arch: objects and -L. -lhelp" ld.txt lib.txt || bad "$arch: -L. -lhelp"
  "$ccdll" --ccdll-cc=$cc -O2 -shared -o mixed.dll "$SRC/a.c" b.o libhelp.a && def_names mixed_e.def > mixed.txt &&
    same "$arch: a source and objects" ld.txt mixed.txt || bad "$arch: a source and objects"
  dll_names mixed.dll > mixed_dll.txt
  cut -d' ' -f1 ld.txt > ld_names.txt
  same "$arch: the DLL's table" ld_names.txt mixed_dll.txt

  "$ccdll" --ccdll-cc=$cc -O2 -shared -o plain.dll plain.o "$SRC/plain.def" && def_names plain_e.def > plain.txt &&
    same "$arch: a .def of plain names" ldplain.txt plain.txt || bad "$arch: a .def"
  if [ $arch = i686 ]; then
    grep -qx '  Plain=Plain@8 @[0-9]*' plain_e.def && grep -qx '  Plain@8 @[0-9]*' plain_i.def &&
      ok "$arch: Plain is Plain@8 in the .def pair" || { bad "$arch: Plain@8"; cat plain_e.def plain_i.def; }
  fi
  cd ..
done
finish
