# driver.sh CC_DLL WORK - how cc-dll links the runtime (libccdll_rt.a),
# for i686 and x86_64 with gcc (no program is run):
#
#  - with hooks and no DllMain: the runtime after all of the user's inputs
#    (-v), its DllMain and markers in the DLL (llvm-nm), also in --dry-run;
#  - --ccdll-no-runtime: not on the link command, nothing of it in the DLL;
#  - hooks beside the user's own DllMain: no runtime, and a warning that
#    the hooks do nothing;
#  - a DllMain in a static library of the user's (-lmain): the runtime is
#    on the command line (the objects define none) but after the library,
#    so the link takes the user's DllMain and nothing of the runtime;
#  - without -nostdlib nothing else is added; with it, -lkernel32 after the
#    runtime (ccdll_once imports InitOnceExecuteOnce).
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
RT=$SRC/../../runtime
. "$SRC/../common.sh"
need llvm-nm
start

for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v $t-gcc >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  mkdir -p $arch && cd $arch || exit 1
  cp "$SRC/first.c" "$SRC/log.h" "$SRC/log.c" "$SRC/own_dllmain.c" .
  cc="$ccdll --ccdll-cc=$t-gcc"
  [ $arch = i686 ] && u=_ || u=
  $cc -I"$RT" -DBUILDING_LOG -shared -o log.dll log.c || { bad "$arch: log.dll"; cd ..; continue; }
  $cc -I"$RT" -c first.c own_dllmain.c || { bad "$arch: compile"; cd ..; continue; }

  $cc -v -shared -o with.dll first.o -L. -llog 2> with.err
  # The runtime is the last input before -o (the C runtime's libraries come after it).
  grep -q "^$t-gcc .* -llog [^ ]*/libccdll_rt\.a -o with\.dll" with.err &&
    ok "$arch: the runtime after the user's inputs" || { bad "$arch: the runtime's place"; grep -- "-o with.dll" with.err; }
  llvm-nm with.dll | grep -Eq " T ${u}DllMain(@12)?\$" && llvm-nm with.dll | grep -Eq " ${u}begin_marker\$" &&
    ok "$arch: the runtime's DllMain in the DLL" || bad "$arch: no runtime DllMain in with.dll"
  $cc --dry-run -shared -o dry.dll first.o -L. -llog 2>&1 | grep -q "libccdll_rt\.a -o dry\.dll" &&
    ok "$arch: --dry-run shows the runtime" || bad "$arch: --dry-run"

  $cc -v --ccdll-no-runtime -shared -o without.dll first.o -L. -llog 2> without.err
  ! grep -q libccdll_rt without.err && ! grep -q warning without.err && ! llvm-nm without.dll | grep -q begin_marker &&
    ok "$arch: --ccdll-no-runtime" || { bad "$arch: --ccdll-no-runtime"; cat without.err; }

  $cc -v -shared -o own.dll first.o own_dllmain.o -L. -llog 2> own.err
  ! grep -q libccdll_rt own.err && ! llvm-nm own.dll | grep -q begin_marker &&
    grep -q "cc-dll: warning: the objects register CCDLL_ON_\* hooks but define their own DllMain" own.err &&
    ok "$arch: own DllMain: no runtime, a warning about the hooks" || { bad "$arch: own DllMain"; cat own.err; }

  $t-ar rcs libmain.a own_dllmain.o
  $cc -v -shared -o lib.dll first.o -L. -lmain -llog 2> lib.err
  grep -q "libccdll_rt\.a" lib.err && ! llvm-nm lib.dll | grep -q begin_marker &&
    llvm-nm lib.dll | grep -Eq " T ${u}DllMain(@12)?\$" &&
    ok "$arch: a DllMain in the user's library is taken, not the runtime's" || { bad "$arch: DllMain in -lmain"; cat lib.err; }

  $cc -v -nostdlib -shared -o free.dll first.o -L. -llog -Wl,-e,${u}DllMain$([ $arch = i686 ] && echo @12) 2> free.err
  grep -q "libccdll_rt\.a -lkernel32 -o free\.dll" free.err && ! grep -q "libccdll_rt\.a -lkernel32" with.err &&
    ok "$arch: -lkernel32 after the runtime with -nostdlib only" || { bad "$arch: -nostdlib"; grep -- "-o free.dll" free.err; }
  cd ..
done
finish
