#!/bin/sh
# prefix.sh BUILD PREFIX WORK - `cmake --install BUILD --prefix PREFIX` (the
# fixture of the other install tests), and the installed tree on its own:
#
#  - PREFIX/bin: cc-dll, ccdll, and i686-w64-mingw32-cc-dll, -c++-dll and
#    the x86_64 pair as relative links to cc-dll;
#  - PREFIX/lib/ccdll/gcc/<triple>-<version>/ccdll.so: each plugin of
#    BUILD/plugin/gcc/plugins.txt, byte for byte;
#  - PREFIX/lib/cmake/ccdll: the package, its version file, the toolchain
#    files; PREFIX/share/man/man1: cc-dll.1 and ccdll.1;
#  - a copy of PREFIX elsewhere uses its own plugins (cc-dll looks beside
#    its program before the build tree it was built in): the compile
#    command names the copy's plugin, an object with a dllexport function
#    has the plugin's .ccdll section, and a DLL links.
. "$(dirname "$0")/../common.sh"
build=${1:?usage: prefix.sh BUILD PREFIX WORK}
prefix=${2:?usage: prefix.sh BUILD PREFIX WORK}
WORK=${3:?usage: prefix.sh BUILD PREFIX WORK}
src=$(cd "$(dirname "$0")/../../examples/bar" && pwd)
need cmake llvm-objdump
start
unset CCDLL_PLUGIN_DIR CCDLL_CC
export XDG_CACHE_HOME="$WORK/cache"

rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >install.log 2>&1 || { cat install.log; bad "cmake --install"; finish; }
ok "cmake --install $build --prefix $prefix"

for f in bin/cc-dll bin/ccdll; do
  [ -x "$prefix/$f" ] && ok "$f" || bad "$f is missing"
done
for t in i686-w64-mingw32 x86_64-w64-mingw32; do
  for n in cc-dll c++-dll; do
    link=$prefix/bin/$t-$n
    [ -L "$link" ] && [ "$(readlink "$link")" = cc-dll ] && ok "bin/$t-$n -> cc-dll" ||
      bad "bin/$t-$n is not a link to cc-dll"
  done
done
for f in ccdllConfig.cmake ccdllConfigVersion.cmake ccdll-rules.cmake ccdll-launch \
         toolchain-i686-w64-mingw32.cmake toolchain-x86_64-w64-mingw32.cmake; do
  [ -f "$prefix/lib/cmake/ccdll/$f" ] && ok "lib/cmake/ccdll/$f" || bad "lib/cmake/ccdll/$f is missing"
done
[ -x "$prefix/lib/cmake/ccdll/ccdll-launch" ] || bad "ccdll-launch is not executable"
for f in cc-dll.1 ccdll.1; do
  [ -f "$prefix/share/man/man1/$f" ] && ok "share/man/man1/$f" || bad "share/man/man1/$f is missing"
done
# The DLL runtime: its header, and a library per triple it was built for.
cmp -s "$src/../../runtime/ccdll.h" "$prefix/include/ccdll.h" && ok "include/ccdll.h" || bad "include/ccdll.h"
for lib in "$build"/runtime/*/libccdll_rt.a; do
  [ -f "$lib" ] || continue
  t=$(basename "$(dirname "$lib")")
  cmp -s "$lib" "$prefix/lib/ccdll/$t/libccdll_rt.a" && ok "lib/ccdll/$t/libccdll_rt.a" ||
    bad "lib/ccdll/$t/libccdll_rt.a is not $lib"
done

plugins=0
while read -r t v path; do
  [ -n "$t" ] || continue
  plugins=$((plugins + 1))
  cmp -s "$path" "$prefix/lib/ccdll/gcc/$t-$v/ccdll.so" && ok "lib/ccdll/gcc/$t-$v/ccdll.so" ||
    bad "lib/ccdll/gcc/$t-$v/ccdll.so is not $path"
done <"$build/plugin/gcc/plugins.txt"
[ $plugins -gt 0 ] || echo "no GCC plugin was built: the plugin checks are not made"

# The copy: its cc-dll compiles with its own plugin.
cp -a "$prefix" moved
cp "$src/bar.c" "$src/bar.h" .
printf '__declspec(dllexport) int __stdcall Baz(int x) { return x; }\n' >baz.c
for arch in i686 x86_64; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null || { echo "not checked: $arch (no $t-gcc)"; continue; }
  dir=$("$t-gcc" -print-file-name=plugin)
  v=$(basename "$(dirname "$dir")")
  grep -q "^$t $v " "$build/plugin/gcc/plugins.txt" || { echo "not checked: $arch (no plugin for $t $v)"; continue; }
  moved/bin/$t-cc-dll --dry-run -c bar.c -o bar-$arch.o >dry.txt 2>&1
  grep -qF -- "-fplugin=$WORK/moved/bin/../lib/ccdll/gcc/$t-$v/ccdll.so" dry.txt &&
    ok "$arch: the copy's cc-dll uses the copy's plugin" || { bad "$arch: not the copy's plugin"; cat dry.txt; }
  moved/bin/$t-cc-dll -c baz.c -o baz-$arch.o && llvm-objdump -h baz-$arch.o | grep -q '\.ccdll' &&
    ok "$arch: the copy's plugin records baz.c's export (.ccdll)" || bad "$arch: no .ccdll section in baz-$arch.o"
  moved/bin/$t-cc-dll -shared -o bar-$arch.dll bar.c && grep -q Foo bar-${arch}_i.def &&
    ok "$arch: the copy links bar-$arch.dll with its .def pair" || bad "$arch: the copy's DLL link"
  if [ -f "$prefix/lib/ccdll/$t/libccdll_rt.a" ]; then
    moved/bin/$t-cc-dll --dry-run -shared -o bar-$arch.dll bar.c 2>&1 |
      grep -qF "$WORK/moved/bin/../lib/ccdll/$t/libccdll_rt.a" &&
      ok "$arch: the copy links the copy's runtime" || bad "$arch: not the copy's runtime"
  fi
done
moved/bin/cc-dll --ccdll-version >/dev/null && moved/bin/ccdll --help >/dev/null &&
  ok "the copy's programs run" || bad "the copy's programs do not run"
finish
