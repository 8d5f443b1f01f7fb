# lib.sh - sourced by the accelerator tests after common.sh: the fixture
# library of this folder (stdcall, fastcall and cdecl functions, data and
# a C++ class in four files, and the Makefile that builds them into
# lib.dll) built with make through cc-dll, and its outputs compared.
#
# The test sets ccdll (the cc-dll program) and ACCEL (this folder), then
# runs `need make ...`, `start` and `setup`. Each machine's cc-dll is
# $WORK/bin/TRIPLE-cc-dll, a link to cc-dll, so that make, ccache and
# distcc call one compiler by one name per target
# (i686-w64-mingw32-cc-dll runs i686-w64-mingw32-gcc).
#
# Helpers name their variables _x, so that they change none of the test's.

# Paths by which later commands find them from any directory.
case $ccdll in /*) ;; *) ccdll="$(pwd)/$ccdll" ;; esac
case $WORK in /*) ;; *) WORK="$(pwd)/$WORK" ;; esac

# A make run by a make (ctest under `make test`) must not join its jobs.
unset MAKEFLAGS MFLAGS MAKELEVEL

# setup: the cc-dll names in bin/, a private TMPDIR (cc-dll's and gcc's
# temporary files go there, so that a test can see it empty at the end),
# and ARCHS, the machines whose mingw-w64 gcc is installed.
setup() {
  mkdir -p bin tmp || exit 1
  export TMPDIR="$WORK/tmp"
  ARCHS=
  for a in i686 x86_64; do
    if ! command -v "$(triple $a)-gcc" >/dev/null 2>&1; then
      echo "not checked: $a (no $(triple $a)-gcc)"
      continue
    fi
    ln -s "$ccdll" "bin/$(triple $a)-cc-dll" || exit 1
    ARCHS="$ARCHS $a"
  done
  [ -n "$ARCHS" ] || skip "no mingw-w64 gcc"
}

# cc_of ARCH: the cc-dll of the machine, by its full path.
cc_of() { echo "$WORK/bin/$(triple "$1")-cc-dll"; }

# plugin_used CC: the GCC plugin cc-dll adds to CC's compiles; empty when
# it has none (then the objects carry no records, only export directives).
plugin_used() {
  "$1" --dry-run -c x.c -o x.o 2>&1 >/dev/null | sed -n 's/.* -fplugin=\([^ ]*\).*/\1/p'
}

# fixture DIR: the fixture's sources and Makefile copied into DIR.
fixture() {
  mkdir -p "$1" && cp "$ACCEL"/accel.h "$ACCEL"/*.c "$ACCEL"/*.cpp "$ACCEL"/Makefile "$1"/
}

# build DIR CC [MAKE ARGUMENTS]: make in DIR with CC (a command: "ccache
# CC" is one); its output goes to DIR/make.log, shown when make fails.
build() {
  _dir=$1 _cc=$2
  shift 2
  (cd "$_dir" && make CC="$_cc" "$@") > "$_dir/make.log" 2>&1 && return 0
  tail -20 "$_dir/make.log"
  return 1
}

# The compiles of one build: the objects of the Makefile's OBJS.
NOBJECTS=4

# outputs NAME...: what cc-dll writes for each NAME.dll.
outputs() {
  for n in "$@"; do echo "$n.dll lib$n.dll.a ${n}_i.def ${n}_e.def"; done
}

# same_outputs WHAT REF DIR [NAME...]: the outputs of NAME.dll (default
# lib) in DIR are byte-identical to those in REF.
same_outputs() {
  _what=$1 _ref=$2 _dir=$3
  shift 3
  [ $# -gt 0 ] || set -- lib
  _differ=
  for _f in $(outputs "$@"); do
    cmp -s "$_ref/$_f" "$_dir/$_f" || _differ="$_differ $_f"
  done
  if [ -z "$_differ" ]; then ok "$_what: $* (each DLL, import library and .def pair) byte-identical"
  else bad "$_what: not the same as $_ref:$_differ"; fi
}

# no_leftovers WHAT DIR...: no staged output (.NAME.PID.N.tmp) nor earlier
# DLL kept aside (.NAME.PID.N.old) is left in the DIRs, and $TMPDIR
# (cc-dll's ccdll.XXXXXX directories, gcc's files) is empty.
no_leftovers() {
  _what=$1
  shift
  _left=$(find "$@" -name '.*.tmp' -o -name '.*.old' 2>/dev/null; ls -A "$TMPDIR")
  if [ -z "$_left" ]; then ok "$_what: no temporary files left"
  else bad "$_what: left behind:" $_left; fi
}
