# once.sh CC_DLL WORK - ccdll_once (runtime/once.c), in once.dll built with
# cc-dll (the runtime library linked in), with GNU ld and with lld:
#
#  - 8 threads (CreateThread), all released at once by a manual-reset
#    event, call once_get; the initialisation (200 ms, its value set at its
#    end) runs exactly once and every thread gets its value, so none
#    returned before it was done;
#  - a failed initialisation (the function returns 0) is run again by the
#    next call, and a done one never again: 0 1 1, two runs.
#
# x86_64 runs under wine, i386 under the PE32 test loader (its threads,
# events and InitOnceExecuteOnce).
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
RT=$SRC/../../runtime
. "$SRC/../common.sh"
need clang ld.lld llvm-readobj
start
FREE="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector"

for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v $t-gcc >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  libgcc=-L$(dirname "$($t-gcc -print-libgcc-file-name)")
  for linker in gnu lld; do
    d=$arch-$linker
    mkdir -p $d && cd $d || exit 1
    if [ $linker = gnu ]; then cc="$ccdll --ccdll-cc=$t-gcc" ld=
    else cc="$ccdll --ccdll-cc=clang --target=$t" ld="-fuse-ld=lld $libgcc"; fi
    if [ $arch = i686 ]; then
      flags="$FREE -O1 -DFREE" libs=-lkernel32
      [ $linker = gnu ] && dllentry=-Wl,-e,_DllMain@12 exeentry=-Wl,-e,_start || dllentry=-Wl,-e,DllMain exeentry=-Wl,-e,start
    else
      flags=-O1 libs= dllentry= exeentry=
    fi
    cp "$SRC/once.c" "$SRC/once_client.c" .
    $cc $flags -I"$RT" -shared -o once.dll once.c $libs $ld $dllentry || { bad "$d: once.dll"; cd ..; continue; }
    llvm-readobj --coff-imports once.dll | grep -q 'Symbol: InitOnceExecuteOnce' &&
      ok "$d: once.dll calls InitOnceExecuteOnce" || bad "$d: once.dll does not import InitOnceExecuteOnce"
    if [ $linker = gnu ]; then
      link_gnu $arch client.exe $flags once_client.c -I"$RT" -L. -lonce $libs $exeentry
    else
      link_lld $arch client.exe $flags once_client.c -I"$RT" -L. -lonce $libs $exeentry
    fi || { bad "$d: the client does not link"; cd ..; continue; }
    echo "race: 42 42 42 42 42 42 42 42; runs 1" > want.txt
    echo "retry: 0 1 1; tries 2" >> want.txt
    run_win $arch client.exe > run.out 2> run.err
    st=$?
    tr -d '\r' < run.out > got.txt
    if [ $st -eq 125 ]; then echo "not run: $d (no 32-bit wine, no PE32 loader)"; cd ..; continue; fi
    [ $st -eq 0 ] || { bad "$d: the client exits with $st"; cat run.err; }
    same "$d: ccdll_once" want.txt got.txt
    cd ..
  done
done
finish
