# hooks.sh CC_DLL WORK - the runtime's DllMain and the CCDLL_ON_* hooks of
# ccdll.h, for i686 and x86_64, linked with GNU ld (objects from gcc and
# g++) and with lld (objects from clang and clang++):
#
#  - hooks.dll = first.c second.cpp third.c (link order): the process
#    attach hooks run in link order and, within an object, in the order
#    written; thread attach hooks in order and thread detach hooks in
#    reverse for a thread the client creates; process detach hooks in
#    reverse on FreeLibrary;
#  - failing.dll = fail1.c fail2.c fail3.c: the attach hook f2.b fails, so
#    LoadLibrary fails, the detach hooks registered before it run once, in
#    reverse, and none of the later hooks run;
#  - log.dll, where the hooks write, has its own DllMain: cc-dll links no
#    runtime into it (its link command and its symbols), and it works.
#
# The client prints the log after each step; the expected lines are written
# by hand below. x86_64 DLLs use the C runtime (DllMainCRTStartup calls the
# runtime's DllMain) and run under wine; i386 DLLs are freestanding (the
# runtime's DllMain is the entry point) and run under the PE32 test loader
# (its threads and DLL_THREAD_ATTACH / DLL_THREAD_DETACH calls).
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
RT=$SRC/../../runtime
. "$SRC/../common.sh"
need llvm-nm llvm-objdump clang clang++ ld.lld
start
FREE="-nostdlib -ffreestanding -fno-asynchronous-unwind-tables -fno-stack-protector"

for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v $t-gcc >/dev/null && command -v $t-g++ >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  libgcc=-L$(dirname "$($t-gcc -print-libgcc-file-name)")
  for linker in gnu lld; do
    d=$arch-$linker
    mkdir -p $d && cd $d || exit 1
    if [ $linker = gnu ]; then
      cc="$ccdll --ccdll-cc=$t-gcc" cxx="$ccdll --ccdll-cc=$t-g++" ld=
    else
      cc="$ccdll --ccdll-cc=clang --target=$t" cxx="$ccdll --ccdll-cc=clang++ --target=$t" ld="-fuse-ld=lld $libgcc"
    fi
    if [ $arch = i686 ]; then
      flags="$FREE -O1 -DFREE" cxxflags="-fno-exceptions -fno-rtti" libs=-lkernel32
      [ $linker = gnu ] && dllentry=-Wl,-e,_DllMain@12 exeentry=-Wl,-e,_start || dllentry=-Wl,-e,DllMain exeentry=-Wl,-e,start
    else
      flags=-O1 cxxflags= libs= dllentry= exeentry=
    fi
    for f in log.c first.c third.c fail1.c fail2.c fail3.c client.c; do cp "$SRC/$f" .; done
    cp "$SRC/second.cpp" "$SRC/log.h" .
    $cc $flags -I"$RT" -DBUILDING_LOG -shared -o log.dll log.c $ld $dllentry -v 2> log.err || { bad "$d: log.dll"; cat log.err; cd ..; continue; }
    ok=1
    for f in first third fail1 fail2 fail3; do $cc $flags -I"$RT" -c $f.c -o $f.o || ok=; done
    $cxx $flags $cxxflags -I"$RT" -c second.cpp -o second.o || ok=
    [ $ok ] || { bad "$d: the hook objects do not compile"; cd ..; continue; }
    $cc $flags -shared -o hooks.dll first.o second.o third.o -L. -llog $libs $ld $dllentry -v 2> hooks.err &&
      $cc $flags -shared -o failing.dll fail1.o fail2.o fail3.o -L. -llog $libs $ld $dllentry ||
      { bad "$d: hooks.dll or failing.dll"; cat hooks.err; cd ..; continue; }

    # The runtime goes into hooks.dll, not into log.dll (its own DllMain).
    grep -q "libccdll_rt\.a" hooks.err && ok "$d: hooks.dll is linked with the runtime" ||
      { bad "$d: no runtime in the link of hooks.dll"; cat hooks.err; }
    llvm-objdump -h hooks.dll | grep -q ' \.ccdllhk ' && llvm-nm hooks.dll | grep -Eq ' _?begin_marker$' &&
      ok "$d: hooks.dll has the .ccdllhk section and the runtime's symbols" || bad "$d: hooks.dll lacks the runtime"
    grep -q "libccdll_rt\.a" log.err && bad "$d: log.dll (own DllMain) is linked with the runtime"
    if llvm-objdump -h log.dll | grep -q '\.ccdllhk' || llvm-nm log.dll | grep -Eq ' _?(begin_marker|end_marker|attached|ccdll_once)$'
    then bad "$d: log.dll holds runtime symbols"; llvm-nm log.dll | grep -E 'marker|ccdll'
    else ok "$d: log.dll, with its own DllMain, has no runtime"; fi

    if [ $linker = gnu ]; then
      link_gnu $arch client.exe $flags client.c -I"$RT" -L. -llog $libs $exeentry
    else
      link_lld $arch client.exe $flags client.c -I"$RT" -L. -llog $libs $exeentry
    fi || { bad "$d: the client does not link"; cd ..; continue; }

    {
      echo "start: log.attach"
      echo "load hooks.dll: ok: first.a1 first.a2 second.a third.a"
      echo "thread: first.t second.t client.thread second.td first.td"
      echo "free hooks.dll: third.d second.d first.d2 first.d1"
      echo "load failing.dll: failed: f1.a f2.a f2.b f2.d f1.d"
    } > want.txt
    run_win $arch client.exe > run.out 2> run.err
    st=$?
    tr -d '\r' < run.out > got.txt
    if [ $st -eq 125 ]; then echo "not run: $d (no 32-bit wine, no PE32 loader)"; cd ..; continue; fi
    [ $st -eq 0 ] || { bad "$d: the client exits with $st"; cat run.err; }
    same "$d: hook order (load, thread, free, failing load)" want.txt got.txt
    cd ..
  done
done
finish
