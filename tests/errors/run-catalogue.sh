#!/bin/sh
# run-catalogue.sh CCDLL CC_DLL WORKDIR - the catalogue of bad input
# (tests/errors/cases.txt) for cc-dll and every ccdll subcommand.
#
# Each case makes its input from small valid files built here (DLLs and
# objects from the i686 and x86_64 mingw-w64 gcc, archives, import
# libraries from `ccdll implib`, .def files), damages it (truncated,
# bytes overwritten at offsets read from its own headers, huge or empty
# names, NUL bytes, a directory or a FIFO in place of a file, an output
# path in a missing directory or onto a directory, a missing or failing
# compiler or linker, a full disk through `ulimit -f`), runs one command
# and checks that
#  - it exits with status 1 (a signal, status >= 128, a hang or 0 fail),
#  - standard error has a line matching the case's `expect:` regex (grep
#    -E; it names the input and, where there is one, the place) and a
#    line in GCC's form (`...: error: ...`), and no sanitizer report,
#  - standard output is empty (unless the case says `stdout: any`),
#  - no file appears in the case's directory (no output, partial or
#    temporary), and no temporary file in $TMPDIR,
#  - the `keep:` files, made before the run with known content, are
#    byte-identical after it.
# A case marked `xfail: known bug: ...` is expected to fail one of these
# checks: it prints `ok: NAME (known bug, still failing)` when it does and
# `FAIL: NAME (known bug fixed? remove the xfail mark)` when all pass.
#
# cases.txt, one case per block (`#` lines are comments):
#   case:   NAME
#   make:   shell commands run in the case's empty directory (repeatable)
#   run:    the command (sh syntax; $CCDLL, $CC_DLL, $B the base files)
#   expect: an ERE one line of standard error matches
#   keep:   files (relative to the case directory) made before the run
#   stdout: any   (standard output may have text, e.g. a compiler's)
#   timeout: seconds (default 30)
#   xfail:  known bug: WHAT
# Helpers for make: (all offsets decimal; values decimal or 0x hex):
#   trunc FILE N          keep the first N bytes
#   put8/put16/put32 FILE OFF VALUE   little-endian write at OFF
#   putstr FILE OFF STRING            bytes (printf format) at OFF
#   get16/get32 FILE OFF              read a little-endian value
#   pe FILE               offset of the PE signature (e_lfanew)
#   opthdr FILE           offset of the optional header
#   sechdr FILE I         offset of the I-th (0-based) section header
#   rva2off FILE RVA      the file offset of an RVA
#   secof FILE RVA        the offset of the header of the section of RVA
#   fill FILE OFF N CHAR  N bytes CHAR at OFF
#   expdir FILE           the file offset of the export directory
#   member FILE I         the offset of the I-th archive member's header
ccdll=$1 cc_dll=$2 WORK=$3
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../common.sh"
need i686-w64-mingw32-gcc x86_64-w64-mingw32-gcc i686-w64-mingw32-ar od dd timeout
case $ccdll in /*) ;; *) ccdll="$(pwd)/$ccdll" ;; esac
case $cc_dll in /*) ;; *) cc_dll="$(pwd)/$cc_dll" ;; esac
case $WORK in /*) ;; *) WORK="$(pwd)/$WORK" ;; esac
CASES=${CATALOGUE_CASES:-$HERE/cases.txt}
export LC_ALL=C
start

# --- helpers for the make: lines -------------------------------------------
num() { printf '%d' "$1"; }
trunc() { head -c "$2" "$1" > "$1.cut" && mv "$1.cut" "$1"; }
putbytes() { # FILE OFF BYTES...(decimal)
  _f=$1 _o=$2; shift 2
  _s=
  for _b in "$@"; do _s="$_s$(printf '\\%03o' "$_b")"; done
  printf "$_s" | dd of="$_f" bs=1 seek="$_o" conv=notrunc status=none
}
put8() { putbytes "$1" "$(num "$2")" $(($(num "$3") & 255)); }
put16() { _v=$(num "$3"); putbytes "$1" "$(num "$2")" $((_v & 255)) $(((_v >> 8) & 255)); }
put32() {
  _v=$(num "$3")
  putbytes "$1" "$(num "$2")" $((_v & 255)) $(((_v >> 8) & 255)) $(((_v >> 16) & 255)) $(((_v >> 24) & 255))
}
putstr() { printf "$3" | dd of="$1" bs=1 seek="$(num "$2")" conv=notrunc status=none; }
get16() { od -An -tu2 -j "$(num "$2")" -N2 "$1" | tr -d ' '; }
get32() { od -An -tu4 -j "$(num "$2")" -N4 "$1" | tr -d ' '; }
pe() { get32 "$1" 60; }
opthdr() { echo $(($(pe "$1") + 24)); }
sechdr() { _p=$(pe "$1"); echo $((_p + 24 + $(get16 "$1" $((_p + 20))) + 40 * $2)); }
rva2off() {
  _n=$(get16 "$1" $(($(pe "$1") + 6))) _i=0
  while [ $_i -lt "$_n" ]; do
    _h=$(sechdr "$1" $_i)
    _va=$(get32 "$1" $((_h + 12))) _sz=$(get32 "$1" $((_h + 16))) _raw=$(get32 "$1" $((_h + 20)))
    if [ "$2" -ge "$_va" ] && [ "$2" -lt $((_va + _sz)) ]; then echo $(($2 - _va + _raw)); return; fi
    _i=$((_i + 1))
  done
  echo "rva2off: $2 is in no section of $1" >&2; echo 0
}
secof() {
  _n=$(get16 "$1" $(($(pe "$1") + 6))) _i=0
  while [ $_i -lt "$_n" ]; do
    _h=$(sechdr "$1" $_i)
    _va=$(get32 "$1" $((_h + 12))) _sz=$(get32 "$1" $((_h + 16)))
    if [ "$2" -ge "$_va" ] && [ "$2" -lt $((_va + _sz)) ]; then echo "$_h"; return; fi
    _i=$((_i + 1))
  done
}
fill() { head -c "$3" /dev/zero | tr '\0' "$4" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
expdir() {
  _o=$(opthdr "$1")
  case $(get16 "$1" "$_o") in 267) _d=$((_o + 96)) ;; *) _d=$((_o + 112)) ;; esac
  rva2off "$1" "$(get32 "$1" "$_d")"
}
member() {
  _o=8 _i=0
  while [ $_i -lt "$2" ]; do
    _sz=$(dd if="$1" bs=1 skip=$((_o + 48)) count=10 status=none | tr -d ' ')
    _o=$((_o + 60 + _sz + (_sz & 1))) _i=$((_i + 1))
  done
  echo $_o
}

# --- the base files ----------------------------------------------------------
B=$WORK/base
mkdir -p "$B" "$WORK/tmp" "$WORK/cases" || exit 1
(
  cd "$B" || exit 1
  cat > a.c <<'EOF'
__declspec(dllexport) int __stdcall Foo(int a) { return a + 1; }
__declspec(dllexport) int Bar(int a, int b) { return a * b; }
__declspec(dllexport) int __fastcall Fast(int a, int b) { return a - b; }
__declspec(dllexport) int Counter = 7;
EOF
  cat > b.c <<'EOF'
__declspec(dllexport) int __stdcall Baz(int a, int b) { return a + b; }
EOF
  printf 'LIBRARY a.dll\nEXPORTS\n  Foo@4\n  Bar\n  Counter DATA\n' > a_i.def
  printf 'LIBRARY a.dll\nEXPORTS\n  Foo=Foo@4\n  Bar\n  Counter DATA\n' > a_e.def
  printf 'LIBRARY x.dll\nEXPORTS\n  Foo @70000\n' > bad.def
  for a in i686 x86_64; do
    case $a in i686) n=32 m=i386 ;; *) n=64 m=i386:x86-64 ;; esac
    $a-w64-mingw32-gcc -shared -s -o a$n.dll a.c &&
      $a-w64-mingw32-gcc -c -o a$n.o a.c && $a-w64-mingw32-gcc -c -o b$n.o b.c &&
      cp b$n.o a_rather_long_member_name_$n.o &&
      $a-w64-mingw32-ar rcs liba$n.a a$n.o a_rather_long_member_name_$n.o &&
      "$ccdll" implib -m $m -k -d a_i.def -l imp$n.a &&
      "$ccdll" implib -m $m -k -d a_i.def -D a_dll_with_a_rather_long_name.dll -l longimp$n.a || exit 1
  done
  # Compilers that fail: one exits 1, one dies of a signal, one dies of
  # it when compiling only, one cannot find its linker (compiles work,
  # links do not).
  printf '#!/bin/sh\necho "fake-gcc: error: nothing works" >&2\nexit 1\n' > gcc-fails
  printf '#!/bin/sh\nkill -SEGV $$\n' > gcc-crashes
  printf '#!/bin/sh\nfor a; do [ "$a" = -c ] && exec i686-w64-mingw32-gcc "$@"; done\n%s\nexit 1\n' \
    "echo \"collect2: fatal error: cannot find 'ld'\" >&2" > gcc-no-ld
  printf '#!/bin/sh\nfor a; do [ "$a" = -c ] && kill -SEGV $$; done\nexec i686-w64-mingw32-gcc "$@"\n' > gcc-crashes-compiling
  chmod +x gcc-fails gcc-crashes gcc-no-ld gcc-crashes-compiling
) || { bad "making the base files"; finish; }
export B CCDLL="$ccdll" CC_DLL="$cc_dll" TMPDIR="$WORK/tmp" XDG_CACHE_HOME="$WORK/cache"
export REGRESSIONS="$HERE/../fuzz/regressions"   # the fuzzers' reproducers
# In a sanitized build a report ends the program with status 1 by default,
# which would pass for a clean error: make it 199, a crash here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=199"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=199"

# --- one case ----------------------------------------------------------------
total=0 passed=0
run_case() {
  [ -n "$name" ] || return 0
  total=$((total + 1))
  d=$WORK/cases/$name
  rm -rf "$d" "$d.out" && mkdir -p "$d" "$d.out" || exit 1
  problems=
  if ! (cd "$d" && eval "$make") > "$d.out/make.log" 2>&1; then
    echo "FAIL: $name: making its input failed"; cat "$d.out/make.log"; fail=1; return
  fi
  for k in $keep; do
    mkdir -p "$(dirname "$d/$k")" && printf 'earlier %s\n' "$k" > "$d/$k"
  done
  (cd "$d" && find . -mindepth 1 | sort) > "$d.out/before"
  # Through pipes, so that `ulimit -f` in a case limits its files only.
  { { (cd "$d" && timeout -k 5 "${tmo:-30}" sh -c "$run"; echo $? > "$d.out/status") 2>&1 1>&3 3>&- |
      cat > "$d.out/stderr"; } 3>&1 | cat > "$d.out/stdout"; }
  status=$(cat "$d.out/status" 2>/dev/null); status=${status:-255}
  (cd "$d" && find . -mindepth 1 | sort) > "$d.out/after"
  if [ $status = 124 ] || [ $status = 137 ]; then problems="$problems; hung (killed after ${tmo:-30} s)"
  elif [ $status = 199 ]; then problems="$problems; a sanitizer report (status 199)"
  elif [ $status -ge 128 ]; then problems="$problems; killed by signal $((status - 128))"
  elif [ $status != 1 ]; then problems="$problems; exit status $status, expected 1"
  fi
  grep -qE -e "$expect" "$d.out/stderr" || problems="$problems; no message matching /$expect/"
  grep -qE ': (fatal )?error: ' "$d.out/stderr" || problems="$problems; no message in GCC's form"
  grep -qE 'Sanitizer|runtime error:|Segmentation fault|core dumped' "$d.out/stderr" &&
    problems="$problems; a crash or sanitizer report"
  [ "$sout" = any ] || [ ! -s "$d.out/stdout" ] || problems="$problems; output on stdout"
  new=$(comm -13 "$d.out/before" "$d.out/after" | tr '\n' ' ')
  [ -z "$new" ] || problems="$problems; files left: $new"
  [ -z "$(ls -A "$TMPDIR")" ] || { problems="$problems; left in TMPDIR: $(ls -A "$TMPDIR" | tr '\n' ' ')"; rm -rf "$TMPDIR"/*; }
  for k in $keep; do
    [ "$(cat "$d/$k" 2>/dev/null)" = "earlier $k" ] || problems="$problems; $k was changed"
  done
  if [ -n "$xfail" ]; then
    if [ -n "$problems" ]; then ok "$name (known bug, still failing:${problems#;})"; passed=$((passed + 1))
    else bad "$name (known bug fixed? remove the xfail mark: $xfail)"; fi
  elif [ -z "$problems" ]; then
    ok "$name"; passed=$((passed + 1))
  else
    bad "$name:${problems#;}"
    sed 's/^/    stderr: /' "$d.out/stderr" | head -c 2000 | head -8
  fi
}

name= make= run= expect= keep= sout= tmo= xfail=
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    '#'*|'') continue ;;
    case:*) run_case; name=$(echo "${line#case:}" | tr -d ' ') make= run= expect= keep= sout= tmo= xfail= ;;
    make:*) make="$make${line#make: }
" ;;
    run:*) run=${line#run: } ;;
    expect:*) expect=${line#expect: } ;;
    keep:*) keep="$keep ${line#keep:}" ;;
    stdout:*) sout=any ;;
    timeout:*) tmo=$(echo "${line#timeout:}" | tr -d ' ') ;;
    xfail:*) xfail=${line#xfail: } ;;
    *) echo "FAIL: cases.txt: cannot read: $line"; fail=1 ;;
  esac
done < "$CASES"
run_case
echo "$passed of $total cases as expected"
finish
