# parallel.sh CC_DLL WORK - cc-dll under make -j, for i686 and x86_64: no
# two runs share a temporary file, so concurrent runs give what
# sequential runs give.
#
#  - make -j8 of four DLLs linked from the same objects (one objects
#    directory, four cc-dll links at once into one directory), three
#    times: each DLL, import library and .def pair byte-identical to a
#    make -j1 build's;
#  - four cc-dll processes at once linking the same lib.dll from those
#    objects, three times: the result is the make -j1 build's;
#  - four cc-dll processes at once compiling and linking from the sources
#    (their objects go to private ccdll.XXXXXX directories) into one
#    directory, three times: each the same as the same command run alone;
#  - every cc-dll exits 0, and no staged output (.NAME.PID.N.tmp, .old) nor
#    temporary directory ($TMPDIR is private and must end empty) is left.
ccdll=$1 WORK=$2
ACCEL=$(cd "$(dirname "$0")" && pwd)
. "$ACCEL/../common.sh"
. "$ACCEL/lib.sh"
need make
start
setup
DLLS="lib one two three"
TARGETS="lib.dll one.dll two.dll three.dll"
ALONE="s1 s2 s3 s4"
SOURCES="stdcall.c fastcall.c cdecl.c counter.cpp"

for arch in $ARCHS; do
  cc=$(cc_of $arch)
  fixture $arch/seq && build $arch/seq "$cc" -j1 DLLS="$TARGETS" ||
    { bad "$arch: the make -j1 build"; continue; }
  # The same commands as below, one at a time.
  for n in $ALONE; do
    (cd $arch/seq && "$cc" -O2 -shared -o $n.dll $SOURCES -lstdc++) || bad "$arch: cc-dll alone for $n.dll"
  done

  for round in 1 2 3; do
    rm -rf $arch/par
    fixture $arch/par
    build $arch/par "$cc" -j8 DLLS="$TARGETS" ||
      { bad "$arch: make -j8, round $round"; continue; }
    same_outputs "$arch: make -j8, round $round" $arch/seq $arch/par $DLLS

    (cd $arch/par && rm -f $(outputs lib))
    pids=
    for i in 1 2 3 4; do
      (cd $arch/par && exec "$cc" -shared -o lib.dll obj/stdcall.o obj/fastcall.o obj/cdecl.o obj/counter.o -lstdc++) &
      pids="$pids $!"
    done
    failed=0
    for p in $pids; do wait $p || failed=$((failed + 1)); done
    [ $failed -eq 0 ] || bad "$arch: $failed of 4 concurrent links of lib.dll failed, round $round"
    same_outputs "$arch: 4 concurrent links of lib.dll, round $round" $arch/seq $arch/par

    pids=
    for n in $ALONE; do
      (cd $arch/par && exec "$cc" -O2 -shared -o $n.dll $SOURCES -lstdc++) &
      pids="$pids $!"
    done
    failed=0
    for p in $pids; do wait $p || failed=$((failed + 1)); done
    [ $failed -eq 0 ] || bad "$arch: $failed of 4 concurrent compiles and links failed, round $round"
    same_outputs "$arch: 4 concurrent compiles and links, round $round" $arch/seq $arch/par $ALONE
    no_leftovers "$arch: round $round" $arch/par
  done

  # A link that fails while another of the same DLL succeeds: the failing
  # one puts back the DLL it kept aside only where no other has been
  # written since, so the DLL and its import library stay one pair.
  (cd $arch/par && rm -f $(outputs lib) && "$cc" -shared -o lib.dll obj/stdcall.o) || bad "$arch: the old lib.dll"
  printf '#!/bin/sh\ncase " $* " in *" -o lib.dll "*) sleep 1; exit 1;; esac\nexec %s "$@"\n' "$(triple $arch)-g++" \
    > $arch/slowfail && chmod +x $arch/slowfail
  (cd $arch/par && exec "$cc" --ccdll-cc="$WORK/$arch/slowfail" -shared -o lib.dll obj/stdcall.o obj/fastcall.o \
    obj/cdecl.o obj/counter.o -lstdc++ 2>/dev/null) &
  failing=$!
  sleep 0.3
  (cd $arch/par && "$cc" -shared -o lib.dll obj/stdcall.o obj/fastcall.o obj/cdecl.o obj/counter.o -lstdc++) ||
    bad "$arch: the link beside a failing one"
  wait $failing && bad "$arch: the slow link did not fail"
  same_outputs "$arch: a failing link beside a good one leaves the good one's DLL" $arch/seq $arch/par
  no_leftovers "$arch: a failing link beside a good one" $arch/par
done
finish
