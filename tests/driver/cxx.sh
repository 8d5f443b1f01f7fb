# cxx.sh CC_DLL WORK - a C++ DLL (an exported class with virtual functions
# and static data, extern "C" stdcall and cdecl functions, data) built by
# cc-dll with g++ for i686 and x86_64:
#  - it exports what GNU ld exports of the same object with --kill-at
#    (its own export list: -Wl,--output-def), name for name, DATA for DATA;
#  - a client compiled against widget.h links with GNU ld (g++) and lld
#    (clang++), and on x86_64 runs under wine (i386 needs 32-bit wine: the
#    client needs the C++ runtime, which the PE32 test loader cannot load).
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
. "$SRC/../common.sh"
need llvm-readobj clang++
start
cp "$SRC/widget.h" "$SRC/widget.cpp" "$SRC/widget_client.cpp" .

# "name [DATA]" lines of a .def's EXPORTS (ordinals dropped), sorted.
def_names() {
  awk '/^EXPORTS/ { on = 1; next } on && NF { n = $1; sub(/=.*/, "", n); print n ($NF == "DATA" ? " DATA" : "") }' "$1" |
    LC_ALL=C sort
}

for arch in i686 x86_64; do
  gxx=$(triple $arch)-g++
  command -v $gxx >/dev/null || { echo "not checked: $arch"; continue; }
  mkdir -p $arch && cd $arch || exit 1
  "$ccdll" --ccdll-cc=$gxx -O2 -shared -o widget.dll ../widget.cpp || { bad "$arch: cc-dll"; cd ..; continue; }

  # GNU ld's own table of the same object, with --kill-at.
  $gxx -O2 -c -o ld.o ../widget.cpp && $gxx -shared -o ld.dll ld.o -Wl,--kill-at -Wl,--output-def=ld.def ||
    { bad "$arch: GNU ld's DLL"; cd ..; continue; }
  def_names ld.def > want.txt
  def_names widget_e.def > got.txt
  same "$arch: the exports GNU ld makes of the object (kill-at), DATA included" want.txt got.txt
  llvm-readobj --coff-exports widget.dll | sed -n 's/^ *Name: //p' | LC_ALL=C sort > dll.txt
  cut -d' ' -f1 want.txt > want_names.txt
  same "$arch: widget.dll's table" want_names.txt dll.txt

  for linker in gnu lld; do
    if [ $linker = gnu ]; then
      $gxx -O2 -o client-$linker.exe ../widget_client.cpp -I.. -L. -lwidget
    else
      clang++ --target=$(triple $arch) -fuse-ld=lld -O2 -o client-$linker.exe ../widget_client.cpp -I.. -L. -lwidget \
        -L"$(dirname "$($gxx -print-libgcc-file-name)")"
    fi || { bad "$arch $linker: the client does not link"; continue; }
    ok "$arch $linker: the client links"
    if [ $arch = x86_64 ]; then
      for dll in libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll; do
        f=$($gxx -print-file-name=$dll); [ -f "$f" ] && cp "$f" .
      done
      run_win $arch client-$linker.exe > run.out 2>&1
      st=$?
      [ $st -eq 0 ] && ok "$arch $linker: the client runs" || { bad "$arch $linker: the client exits with $st"; cat run.out; }
    fi
  done
  cd ..
done
finish
