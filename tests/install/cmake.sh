#!/bin/sh
# cmake.sh PREFIX EXAMPLES WORK - examples/cmake (foo.dll: FOO_API, two
# stdcall functions, two cdecl ones and a variable; a client) built in a
# fresh directory against the INSTALLED package (install.prefix):
#
#  - with PREFIX/lib/cmake/ccdll/toolchain-TRIPLE.cmake (cc-dll is the
#    compiler) for i686 and x86_64: foo_i.def and foo_e.def as written here
#    by hand from foo.h's prototypes, foo.dll exports exactly those names
#    (llvm-readobj), libfoo.dll.a is cc-dll's (the -Wl,--out-implib CMake
#    passes) with _foo_add@8 and _foo_scale@12 on i386 (llvm-nm), the
#    client imports the undecorated names, and the x86_64 client runs
#    under wine; `cmake --install` puts the DLL, the import library, foo.h
#    and the pair in place;
#  - with a plain x86_64-w64-mingw32-gcc as the compiler and the package
#    found through CMAKE_PREFIX_PATH: ccdll_add_dll puts cc-dll in front of
#    the target's compiler and linker (ccdll-launch), with the same pair.
. "$(dirname "$0")/../common.sh"
prefix=${1:?usage: cmake.sh PREFIX EXAMPLES WORK}
src=${2:?usage: cmake.sh PREFIX EXAMPLES WORK}/cmake
WORK=${3:?usage: cmake.sh PREFIX EXAMPLES WORK}
need cmake llvm-readobj llvm-nm
start
unset CCDLL_PLUGIN_DIR CCDLL_CC
export XDG_CACHE_HOME="$WORK/cache"

# check ARCH DIR: the outputs of one build of examples/cmake in DIR.
check() {
  a=$1 d=$2
  if [ $a = i686 ]; then
    at8=@8 at12=@12 p=_
    printf 'LIBRARY foo.dll\nEXPORTS\n  foo_add@8 @1\n  foo_calls @2 DATA\n  foo_scale@12 @3\n  foo_sum @4\n  foo_version @5\n' >want_i.def
    printf 'LIBRARY foo.dll\nEXPORTS\n  foo_add=foo_add@8 @1\n  foo_calls @2 DATA\n  foo_scale=foo_scale@12 @3\n  foo_sum @4\n  foo_version @5\n' >want_e.def
  else
    at8= at12= p=
    printf 'LIBRARY foo.dll\nEXPORTS\n  foo_add @1\n  foo_calls @2 DATA\n  foo_scale @3\n  foo_sum @4\n  foo_version @5\n' >want_i.def
    cp want_i.def want_e.def
  fi
  same "$d: foo_i.def" want_i.def "$d/foo_i.def"
  same "$d: foo_e.def" want_e.def "$d/foo_e.def"
  printf '%s\n' foo_add foo_calls foo_scale foo_sum foo_version >want_names.txt
  llvm-readobj --coff-exports "$d/foo.dll" | sed -n 's/^ *Name: //p' >exports.txt
  same "$d: foo.dll exports" want_names.txt exports.txt
  llvm-nm "$d/libfoo.dll.a" 2>/dev/null | awk '$2 == "T" || $2 == "D" { print $2, $3 }' | LC_ALL=C sort >symbols.txt
  printf '%s\n' "T ${p}foo_add$at8" "T __imp_${p}foo_add$at8" "D __imp_${p}foo_calls" \
    "T ${p}foo_scale$at12" "T __imp_${p}foo_scale$at12" "T ${p}foo_sum" "T __imp_${p}foo_sum" \
    "T ${p}foo_version" "T __imp_${p}foo_version" | LC_ALL=C sort >want_symbols.txt
  same "$d: libfoo.dll.a (cc-dll's: ${p}foo_add$at8, foo_calls DATA)" want_symbols.txt symbols.txt
  llvm-readobj --coff-imports "$d/client.exe" | sed -n '/Name: foo.dll/,/^}/s/^ *Symbol: \([^ ]*\) .*/\1/p' |
    LC_ALL=C sort >imports.txt
  same "$d: client.exe imports foo.dll's names" want_names.txt imports.txt
  if [ $a = x86_64 ]; then
    (cd "$d" && run_win x86_64 client.exe) >run.out 2>&1
    st=$?
    [ $st -eq 0 ] && grep -q '^ok' run.out && ok "$d: client.exe runs under wine" ||
      { bad "$d: client.exe exits with $st"; cat run.out; }
  fi
}

for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  if cmake -S "$src" -B build-$arch --toolchain "$prefix/lib/cmake/ccdll/toolchain-$t.cmake" >build-$arch.log 2>&1 &&
     cmake --build build-$arch -v >>build-$arch.log 2>&1; then
    ok "$arch: configured with toolchain-$t.cmake and built"
  else
    bad "$arch: the build failed"; tail -30 build-$arch.log; continue
  fi
  grep -q -- "$t-cc-dll .*-shared -o foo.dll -Wl,--out-implib,libfoo.dll.a" build-$arch.log &&
    ok "$arch: $t-cc-dll links foo.dll (-Wl,--out-implib from CMake)" || bad "$arch: no cc-dll link command"
  check $arch build-$arch
  cmake --install build-$arch --prefix dist-$arch >/dev/null 2>&1 || bad "$arch: cmake --install"
  for f in bin/foo.dll bin/client.exe lib/libfoo.dll.a lib/foo_i.def lib/foo_e.def include/foo.h; do
    [ -f dist-$arch/$f ] || bad "$arch: ccdll_install: no $f"
  done
  cmp -s build-$arch/libfoo.dll.a dist-$arch/lib/libfoo.dll.a && cmp -s build-$arch/foo_i.def dist-$arch/lib/foo_i.def &&
    ok "$arch: cmake --install: foo.dll, libfoo.dll.a, foo.h, foo_i.def, foo_e.def" || bad "$arch: installed files differ"
done

# A plain mingw-w64 gcc as the project's compiler: ccdll_dll's launchers.
if command -v x86_64-w64-mingw32-gcc >/dev/null; then
  cat >plain.cmake <<'TOOLCHAIN'
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
TOOLCHAIN
  if cmake -S "$src" -B build-plain --toolchain "$WORK/plain.cmake" -DCMAKE_PREFIX_PATH="$prefix" >build-plain.log 2>&1 &&
     cmake --build build-plain -v >>build-plain.log 2>&1; then
    ok "plain gcc: configured with CMAKE_PREFIX_PATH and built"
    grep -q "ccdll-launch .*x86_64-w64-mingw32-gcc .*-shared -o foo.dll" build-plain.log &&
      ok "plain gcc: foo.dll linked through ccdll-launch" || bad "plain gcc: foo.dll not linked through ccdll-launch"
    check x86_64 build-plain
  else
    bad "plain gcc: the build failed"; tail -30 build-plain.log
  fi
fi
finish
