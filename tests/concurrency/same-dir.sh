#!/bin/sh
# same-dir.sh CC_DLL WORKDIR - cc-dll processes running at once in one
# directory.
#
#  - eight cc-dll processes (four i686, four x86_64) compiling and linking
#    eight different DLLs (stdcall, cdecl, fastcall and data exports) into
#    one directory at the same time, five rounds (the later ones over the
#    earlier outputs);
#  - two, then four, cc-dll processes building the same DLL (same -o) at
#    once, three rounds each, for i686 and x86_64.
# After each round: every cc-dll exited 0; each DLL exports exactly the
# expected names (llvm-readobj --coff-exports), each import library has
# exactly the expected symbols (llvm-nm), each _i.def/_e.def is the text
# written below; all are byte-identical to the same command's outputs run
# alone; the directory holds those files and nothing else (no staged
# .NAME.PID.N.tmp, no kept-aside .old), and $TMPDIR (private) is empty.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc x86_64-w64-mingw32-gcc llvm-readobj llvm-nm
case $ccdll in /*) ;; *) ccdll="$(pwd)/$ccdll" ;; esac
case $WORK in /*) ;; *) WORK="$(pwd)/$WORK" ;; esac
start
mkdir -p src ref tmp || exit 1
export TMPDIR="$WORK/tmp" LC_ALL=C

# DLL N: odd N for i686, even for x86_64.
arch_of() { [ $(($1 % 2)) = 1 ] && echo i686 || echo x86_64; }
N="1 2 3 4 5 6 7 8"
for n in $N; do
  cat > src/d$n.c <<EOF
__declspec(dllexport) int __stdcall Add$n(int a, int b) { return a + b + $n; }
__declspec(dllexport) int Mul$n(int a, int b) { return a * b * $n; }
__declspec(dllexport) int __fastcall Fast$n(int a, int b) { return a - b - $n; }
__declspec(dllexport) int Count$n = $n;
EOF
done

# build DIR NAME N: cc-dll makes NAME.dll in DIR from src/dN.c.
build() {
  (cd "$1" && exec "$ccdll" --ccdll-cc="$(triple "$(arch_of "$3")")-gcc" -O2 -shared -o "$2.dll" "../src/d$3.c")
}

# The expected files of NAME.dll built from dN.c, written by hand. The
# import library's NULL_THUNK_DATA symbol starts with DEL (0x7f), as
# lib.exe's do.
del=$(printf '\177')
expected() {
  name=$1 n=$2
  if [ "$(arch_of "$n")" = i686 ]; then
    printf 'LIBRARY %s.dll\nEXPORTS\n  Add%s@8 @1\n  Count%s @2 DATA\n  @Fast%s@8 @3\n  Mul%s @4\n' \
      "$name" $n $n $n $n > exp/${name}_i.def
    printf 'LIBRARY %s.dll\nEXPORTS\n  Add%s=Add%s@8 @1\n  Count%s @2 DATA\n  Fast%s=@Fast%s@8 @3\n  Mul%s @4\n' \
      "$name" $n $n $n $n $n $n > exp/${name}_e.def
    printf '%s\n' "D __imp__Count$n" "I ${del}${name}_NULL_THUNK_DATA" "I __IMPORT_DESCRIPTOR_$name" \
      "I __NULL_IMPORT_DESCRIPTOR" "T @Fast$n@8" "T _Add$n@8" "T _Mul$n" "T __imp_@Fast$n@8" "T __imp__Add$n@8" \
      "T __imp__Mul$n" | sort > exp/$name.nm
  else
    printf 'LIBRARY %s.dll\nEXPORTS\n  Add%s @1\n  Count%s @2 DATA\n  Fast%s @3\n  Mul%s @4\n' \
      "$name" $n $n $n $n > exp/${name}_i.def
    cp exp/${name}_i.def exp/${name}_e.def
    printf '%s\n' "D __imp_Count$n" "I ${del}${name}_NULL_THUNK_DATA" "I __IMPORT_DESCRIPTOR_$name" \
      "I __NULL_IMPORT_DESCRIPTOR" "T Add$n" "T Fast$n" "T Mul$n" "T __imp_Add$n" "T __imp_Fast$n" \
      "T __imp_Mul$n" | sort > exp/$name.nm
  fi
  printf '%s\n' "Add$n" "Count$n" "Fast$n" "Mul$n" > exp/$name.exports
}

# check WHAT DIR NAME N: NAME.dll's outputs in DIR are complete and right.
check() {
  what=$1 dir=$2 name=$3 n=$4
  problems=
  for f in $name.dll ${name}_i.def ${name}_e.def lib$name.dll.a; do
    [ -f "$dir/$f" ] || problems="$problems $f:missing"
  done
  if [ -z "$problems" ]; then
    llvm-readobj --coff-exports "$dir/$name.dll" 2>&1 | sed -n 's/^ *Name: //p' | sort > "$dir.$name.exports"
    llvm-nm "$dir/lib$name.dll.a" 2>&1 | awk 'NF == 3 && $2 ~ /^[TDI]$/ { print $2, $3 }' | sort > "$dir.$name.nm"
    cmp -s exp/$name.exports "$dir.$name.exports" || problems="$problems exports"
    cmp -s exp/$name.nm "$dir.$name.nm" || problems="$problems import-library-symbols"
    cmp -s exp/${name}_i.def "$dir/${name}_i.def" || problems="$problems ${name}_i.def"
    cmp -s exp/${name}_e.def "$dir/${name}_e.def" || problems="$problems ${name}_e.def"
    if [ "$dir" != ref ]; then
      for f in $name.dll ${name}_i.def ${name}_e.def lib$name.dll.a; do
        cmp -s "ref/$f" "$dir/$f" || problems="$problems $f:not-as-alone"
      done
    fi
  fi
  if [ -z "$problems" ]; then ok "$what: $name.dll, its .def pair and import library"
  else
    bad "$what: $name.dll:$problems"
    for f in exports nm; do diff -u exp/$name.$f "$dir.$name.$f" 2>/dev/null | head -12; done
  fi
}

# only WHAT DIR NAME...: DIR holds the outputs of the NAMEs and nothing
# else, and $TMPDIR is empty.
only() {
  what=$1 dir=$2
  shift 2
  for name in "$@"; do printf '%s\n' $name.dll ${name}_i.def ${name}_e.def lib$name.dll.a; done | sort > want.ls
  ls -A "$dir" | sort > have.ls
  left=$(comm -13 want.ls have.ls | tr '\n' ' ')$(ls -A "$TMPDIR" | tr '\n' ' ')
  if [ -z "$left" ]; then ok "$what: no temporary file left"
  else bad "$what: left behind: $left"; rm -rf "$TMPDIR"/*; fi
}

# wait_all WHAT PIDS...: every process exited 0.
wait_all() {
  what=$1 failed=0
  shift
  for p in "$@"; do wait "$p" || failed=$((failed + 1)); done
  [ $failed = 0 ] || bad "$what: $failed of $# cc-dll runs failed"
}

mkdir -p exp
# Each DLL built alone: the reference.
for n in $N; do
  expected d$n $n
  build ref d$n $n || bad "d$n.dll built alone"
  check "alone" ref d$n $n
done
for a in i686 x86_64; do
  [ $a = i686 ] && n=1 || n=2
  expected same-$a $n
  build ref same-$a $n || bad "same-$a.dll built alone"
  check "alone" ref same-$a $n
done
only "alone" ref $(for n in $N; do echo d$n; done) same-i686 same-x86_64

# Eight different DLLs into one directory at once.
mkdir -p par
for round in 1 2 3 4 5; do
  pids=
  for n in $N; do
    build par d$n $n 2> par.d$n.err &
    pids="$pids $!"
  done
  wait_all "8 DLLs at once, round $round" $pids
  cat par.d*.err
  for n in $N; do check "8 DLLs at once, round $round" par d$n $n; done
  only "8 DLLs at once, round $round" par $(for n in $N; do echo d$n; done)
done

# The same DLL built by two, then four, cc-dll processes at once.
for a in i686 x86_64; do
  [ $a = i686 ] && n=1 || n=2
  for k in 2 4; do
    rm -rf race && mkdir race
    for round in 1 2 3; do
      pids=
      i=0
      while [ $i -lt $k ]; do
        build race same-$a $n 2> race.$i.err &
        pids="$pids $!"
        i=$((i + 1))
      done
      wait_all "$a: $k builds of one DLL at once, round $round" $pids
      cat race.*.err
      check "$a: $k builds of one DLL at once, round $round" race same-$a $n
      only "$a: $k builds of one DLL at once, round $round" race same-$a
    done
  done
done
finish
