# distcc.sh CC_DLL WORK - the fixture library built through distcc, with a
# distccd on 127.0.0.1 as the only host:
#
#   DISTCC_HOSTS=127.0.0.1:PORT/4 make -j4 CC="distcc i686-w64-mingw32-cc-dll"
#
# for i686 and x86_64. distcc preprocesses here and sends the .i to
# distccd, which runs cc-dll -c on it; cc-dll adds the GCC plugin there, so
# the objects come back with their .ccdll records. The link runs here. The
# DLL, import library and .def pair are byte-identical to a plain build's.
# distccd's log shows that it compiled every object, and DISTCC_FALLBACK=0
# turns a failed remote compile into a failed build instead of a quiet
# local one.
#
# The objects' records are compared with a plain build's: the exports
# (name, symbol, convention, size, kind, file, line) must be the same.
# The column and prototype may differ: compiled from preprocessed text,
# GCC's columns are those of the expanded macros (__stdcall is
# __attribute__((__stdcall__)) there), and the plugin reads the prototype
# from the source file, which distccd does not have. Those differences are
# printed as "gap:" lines.
ccdll=$1 WORK=$2
ACCEL=$(cd "$(dirname "$0")" && pwd)
. "$ACCEL/../common.sh"
. "$ACCEL/lib.sh"
need make distcc distccd
start
setup

# distccd 3.4 runs only the compilers it is told to (CVE-2004-2687): by
# default a name without '/' that has an entry in /usr/lib/distcc (the
# masquerade directory), and the client sends the compiler as the make
# rule names it, here an absolute path. So either --enable-tcp-insecure
# (then distccd runs any program it is sent) or DISTCC_CMDLIST: a file of
# allowed commands, matched on their last DISTCC_CMDLIST_NUMWORDS (1) path
# components and mapped to the listed path. The list names exactly our
# two cc-dll links; nothing is written to /usr/lib/distcc.
#
# distccd also refuses any command with -fplugin= in it, so plain
# `distcc gcc -fplugin=ccdll.so` cannot work: cc-dll adds the plugin
# itself, on the server, where distccd does not see it.
#
# Run by root, distccd becomes the user distccd (Debian) or nobody: its
# log and temporary files go to a directory anyone may write to.
mkdir -p distccd distcc-state || exit 1
chmod 1777 distccd
for arch in $ARCHS; do cc_of $arch; done > distccd/commands.allow
DISTCCD_PID=
stop_distccd() {
  [ -n "$DISTCCD_PID" ] || return 0
  kill "$DISTCCD_PID" 2>/dev/null    # the master stops its workers
  i=0
  while kill -0 "$DISTCCD_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  DISTCCD_PID=
}
trap stop_distccd EXIT
trap 'exit 1' INT TERM HUP

# The first free port from one that depends on the process id. --daemon
# returns once distccd listens, or fails when it cannot bind the port.
port=$((20000 + $$ % 20000))
for try in 1 2 3 4 5 6 7 8 9 10; do
  if env DISTCC_CMDLIST="$WORK/distccd/commands.allow" DISTCC_CMDLIST_NUMWORDS=1 TMPDIR="$WORK/distccd" \
      distccd --daemon --port $port --listen 127.0.0.1 --allow 127.0.0.1 --jobs 4 \
        --pid-file "$WORK/distccd/pid" --log-file "$WORK/distccd/log" --log-level info 2> distccd/stderr; then
    DISTCCD_PID=$(cat distccd/pid)
    break
  fi
  port=$((port + 1))
done
[ -n "$DISTCCD_PID" ] || { cat distccd/stderr; bad "distccd does not start"; finish; }
echo "distccd on 127.0.0.1:$port (pid $DISTCCD_PID)"

# The client: that distccd only, no local slot, no fallback to local
# compiles, no back-off after a failure, state in the work directory.
export DISTCC_HOSTS="127.0.0.1:$port/4" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 DISTCC_DIR="$WORK/distcc-state"
unset DISTCC_POTENTIAL_HOSTS DISTCC_SAVE_TEMPS DISTCC_VERBOSE

# records OBJ: the .ccdll records of the object, one a line ($OBJCOPY is
# the machine's objcopy).
records() { "$OBJCOPY" --dump-section .ccdll=/dev/stdout "$1" 2>/dev/null | tr -s '\0' '\n' | grep -v '^$'; }
# exports OBJ: the records without their column and prototype.
exports() { records "$1" | sed 's/,"col":.*/}/'; }
# col_proto OBJ: "NAME col N [with prototype]" for each record.
col_proto() {
  records "$1" | sed -n 's/.*"name":"\([^"]*\)".*"col":\([0-9]*\)\(,"prototype"\)\{0,1\}.*/\1 col \2\3/p' |
    sed 's/,"prototype"/ with prototype/'
}

for arch in $ARCHS; do
  cc=$(cc_of $arch)
  OBJCOPY=$(triple $arch)-objcopy
  fixture $arch/ref && build $arch/ref "$cc" || { bad "$arch: the plain build"; continue; }
  fixture $arch/distcc
  before=$(grep -c "COMPILE_OK.* $cc " distccd/log)
  build $arch/distcc "distcc $cc" -j4 || { bad "$arch: the distcc build"; continue; }
  remote=$(($(grep -c "COMPILE_OK.* $cc " distccd/log) - before))
  [ $remote -eq $NOBJECTS ] && ok "$arch: distccd compiled all $NOBJECTS objects" ||
    bad "$arch: distccd compiled $remote of $NOBJECTS objects"
  same_outputs "$arch: distcc build" $arch/ref $arch/distcc

  if [ -z "$(plugin_used "$cc")" ]; then
    echo "not checked: $arch: no GCC plugin for $(triple $arch)-gcc, so no records"
    continue
  fi
  for o in $arch/ref/obj/*.o; do
    d=$arch/distcc/obj/$(basename $o)
    name="$arch: $(basename $o) from distccd"
    if [ -z "$(records $d)" ]; then bad "$name: no .ccdll records"; continue; fi
    exports $o > want.txt
    exports $d > got.txt
    same "$name: the same exports in its records" want.txt got.txt
    # The rest, summed up.
    col_proto $o > want.txt
    col_proto $d > got.txt
    n=$(paste -d'|' want.txt got.txt | awk -F'|' '$1 != $2' | wc -l)
    [ $n -eq 0 ] || echo "gap: $name: $n of $(wc -l < want.txt) records differ:" \
      "$(paste -d'|' want.txt got.txt | awk -F'|' '$1 != $2 { print $1 " here, " $2 " from distccd"; exit }')"
  done
done
stop_distccd
no_leftovers "distcc builds" $ARCHS
left=$(ls distccd | grep -v -x -e log -e pid -e stderr -e commands.allow)
[ -z "$left" ] && ok "distccd left no temporary files" || bad "distccd left:" $left
finish
