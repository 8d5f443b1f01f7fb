# clang.sh CC_DLL WORK - cc-dll with clang (--target=...-w64-mingw32) and
# lld (-fuse-ld=lld) for i686 and x86_64, where no GCC plugin runs and the
# objects' own export directives say what they export:
#  - the classic bar example: the .def pair of the reference text, a DLL
#    exporting exactly Foo and Bar, a client (GNU ld and lld) that runs
#    (x86_64 under wine, i386 under 32-bit wine or the PE32 test loader);
#  - the C++ widget DLL: what lld exports of the same object with
#    --kill-at (its -Wl,--output-def list), name for name, DATA for DATA;
#  - `cc-dll -c` with clang puts the libclang scanner's records into the
#    object (when ccdll was built with libclang): one for each of the
#    object's export directives the scanner finds, with its place.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
BAR=$SRC/../../examples/bar
. "$SRC/../common.sh"
need clang clang++ ld.lld llvm-readobj
start
FREE="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector -O1"

def_names() {
  awk '/^EXPORTS/ { on = 1; next } on && NF { n = $1; sub(/=.*/, "", n); print n ($NF == "DATA" ? " DATA" : "") }' "$1" |
    LC_ALL=C sort
}

for arch in i686 x86_64; do
  t=$(triple $arch)
  clang --target=$t -c -o /dev/null -x c /dev/null 2>/dev/null || { echo "not checked: $arch"; continue; }
  mkdir -p $arch && cd $arch || exit 1
  libgcc=-L$(dirname "$($t-gcc -print-libgcc-file-name)")
  if [ $arch = i686 ]; then e=_entry; printf 'LIBRARY bar.dll\nEXPORTS\n  Bar=Bar@4 @1\n  Foo=Foo@4 @2\n' > want_e.def
  else e=entry; printf 'LIBRARY bar.dll\nEXPORTS\n  Bar @1\n  Foo @2\n' > want_e.def; fi
  cp "$BAR/bar.c" "$BAR/bar.h" "$SRC/entry.c" .
  "$ccdll" --ccdll-cc=clang --target=$t -fuse-ld=lld $FREE -shared -o bar.dll bar.c entry.c -Wl,-e,DllMain ||
    { bad "$arch: cc-dll with clang and lld"; cd ..; continue; }
  llvm-readobj --file-headers bar.dll | grep -q 'MajorLinkerVersion: 1[0-9]' && ok "$arch: lld linked bar.dll" ||
    bad "$arch: bar.dll was not linked by lld"
  same "$arch: bar_e.def" want_e.def bar_e.def
  llvm-readobj --coff-exports bar.dll | sed -n 's/^ *Name: //p' > exports.txt
  printf 'Bar\nFoo\n' > want.txt
  same "$arch: bar.dll exports exactly Foo and Bar" want.txt exports.txt
  # Both names (GNU ld's --add-stdcall-alias, which lld does not have).
  if [ $arch = i686 ]; then
    "$ccdll" --ccdll-cc=clang --target=$t -fuse-ld=lld $FREE --ccdll-exports=both -shared -o both.dll bar.c entry.c \
      -Wl,-e,DllMain && [ "$(llvm-readobj --coff-exports both.dll | sed -n 's/^ *Name: //p' | tr '\n' ' ')" = \
      "Bar Bar@4 Foo Foo@4 " ] && ok "$arch: lld with both names (the stdcall alias)" || bad "$arch: both names with lld"
  fi
  for linker in gnu lld; do
    if [ $linker = gnu ]; then link_gnu $arch client-$linker.exe $FREE "$SRC/client.c" -I. -L. -lbar -lkernel32 -Wl,-e,$e
    else link_lld $arch client-$linker.exe $FREE "$SRC/client.c" -I. -L. -lbar -lkernel32 -Wl,-e,entry; fi ||
      { bad "$arch $linker: client"; continue; }
    run_win $arch client-$linker.exe > run.out 2>&1
    st=$?
    if [ $st -eq 0 ]; then ok "$arch $linker: the client runs"
    elif [ $st -eq 125 ]; then echo "not run: $arch $linker (no 32-bit wine, no PE32 loader)"
    else bad "$arch $linker: the client exits with $st"; cat run.out; fi
  done

  cp "$SRC/widget.h" "$SRC/widget.cpp" .
  "$ccdll" --ccdll-cc=clang++ --target=$t -fuse-ld=lld -O2 -shared -o widget.dll widget.cpp $libgcc ||
    { bad "$arch: the C++ DLL"; cd ..; continue; }
  clang++ --target=$t -O2 -c -o lld.o widget.cpp &&
    clang++ --target=$t -fuse-ld=lld -shared -o lld.dll lld.o $libgcc -Wl,--kill-at -Wl,--output-def=lld.def ||
    { bad "$arch: lld's own DLL"; cd ..; continue; }
  def_names lld.def > want.txt
  def_names widget_e.def > got.txt
  same "$arch: the exports lld makes of the object (kill-at)" want.txt got.txt

  if "$(dirname "$ccdll")/ccdll" scan --help | grep -q 'built without libclang'; then
    echo "not checked: $arch: the scanner's records (no libclang)"
  else
    "$ccdll" --ccdll-cc=clang --target=$t -c -o multi.o "$SRC/multi/b.c" ||
      bad "$arch: cc-dll -c with clang"
    llvm-readobj --sections multi.o | grep -q 'Name: .ccdll' && ok "$arch: the object has a .ccdll section" ||
      bad "$arch: no .ccdll section"
    "$(dirname "$ccdll")/ccdll" scan multi.o > records.jsonl
    [ "$(grep -c '"file":"[^"]*b.c","line":[0-9]' records.jsonl)" = 2 ] &&
      ok "$arch: Fast and counter recorded with their places" || { bad "$arch: records"; cat records.jsonl; }
  fi
  cd ..
done
finish
