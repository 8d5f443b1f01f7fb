# ccache.sh CC_DLL WORK - the fixture library built through ccache,
#
#   make CC="ccache i686-w64-mingw32-cc-dll"
#
# twice from clean objects, for i686 and x86_64: the second build is all
# cache hits, its objects still carry the plugin's .ccdll records, and both
# builds give a DLL, import library and .def pair byte-identical to a plain
# build's (make CC=i686-w64-mingw32-cc-dll, in another directory).
#
# Then what ccache sees of the compiler: it knows only the cc-dll it is
# given (by its mtime and size), so a changed cc-dll is a miss, but a
# changed GCC plugin or real compiler behind it is not. Those two are
# printed as "gap:" lines, not failures, and followed by the checks of the
# workarounds: CCACHE_EXTRAFILES naming the plugin makes its change a miss,
# and CCACHE_COMPILERCHECK='%compiler% --ccdll-compiler-check' (cc-dll names
# the real compiler and the plugin) makes a change of either a miss.
ccdll=$1 WORK=$2
ACCEL=$(cd "$(dirname "$0")" && pwd)
. "$ACCEL/../common.sh"
. "$ACCEL/lib.sh"
need make ccache
start
setup
# A cache of our own, with no user configuration.
export CCACHE_DIR="$WORK/ccache" CCACHE_CONFIGPATH="$WORK/ccache.conf"
unset CCACHE_DISABLE CCACHE_RECACHE CCACHE_READONLY CCACHE_PREFIX CCACHE_BASEDIR CCACHE_EXTRAFILES CCACHE_COMPILERCHECK
: > "$CCACHE_CONFIGPATH"

# counter NAME: a counter of `ccache --print-stats`.
counter() { ccache --print-stats | awk -v k="$1" '$1 == k { n = $2 } END { print n + 0 }'; }
hits() { echo $(($(counter direct_cache_hit) + $(counter preprocessed_cache_hit))); }

for arch in $ARCHS; do
  cc=$(cc_of $arch)
  fixture $arch/ref && build $arch/ref "$cc" || { bad "$arch: the plain build"; continue; }
  fixture $arch/cached
  for run in 1 2; do
    rm -rf $arch/cached/obj
    ccache -z > /dev/null
    build $arch/cached "ccache $cc" || { bad "$arch: ccache build $run"; continue 2; }
    echo "$arch: ccache build $run: $(hits) hits, $(counter cache_miss) misses of $NOBJECTS compiles"
    same_outputs "$arch: ccache build $run" $arch/ref $arch/cached
  done
  [ "$(hits)" -eq $NOBJECTS ] && [ "$(counter cache_miss)" -eq 0 ] && ok "$arch: the second build was all cache hits" ||
    bad "$arch: the second build was not all cache hits"
  if [ -n "$(plugin_used "$cc")" ]; then
    n=0
    for o in $arch/cached/obj/*.o; do
      "$(triple $arch)-objdump" -h "$o" 2>/dev/null | grep -q ' \.ccdll ' && n=$((n + 1))
    done
    [ $n -eq $NOBJECTS ] && ok "$arch: the objects from the cache carry .ccdll records" ||
      bad "$arch: $n of $NOBJECTS objects from the cache carry .ccdll records"
  else
    echo "not checked: $arch: no GCC plugin for $(triple $arch)-gcc, so no records"
  fi
done
no_leftovers "ccache builds" $ARCHS

# What ccache sees of the compiler, on the first machine: one compile,
# then again after a change. A copy of cc-dll (a rebuilt one), a script
# as the real compiler (an upgraded one) and a copy of the plugins.
arch=$(echo $ARCHS | cut -d' ' -f1)
gcc=$(triple $arch)-gcc
mkdir -p change/plugins && cp "$ACCEL/stdcall.c" "$ACCEL/accel.h" change/ || exit 1
cp "$ccdll" change/cc-dll
printf '#!/bin/sh\nexec %s "$@"\n' "$gcc" > change/gcc && chmod +x change/gcc
plugin=$(plugin_used "$(cc_of $arch)")
[ -z "$plugin" ] || cp -R "$(dirname "$plugin")" change/plugins/
export CCDLL_PLUGIN_DIR="$WORK/change/plugins"
cd change || exit 1

# compile: one compile through ccache; prints "hit", "miss" or "failed".
compile() {
  ccache -z > /dev/null
  ccache ./cc-dll --ccdll-cc="$WORK/change/gcc" -O2 -c stdcall.c -o stdcall.o >&2 || { echo failed; return; }
  [ "$(hits)" -eq 1 ] && echo hit || echo miss
}
# seen WHAT: after WHAT changed, the compile is a miss.
seen() {
  case $(compile) in
  miss) ok "ccache sees a changed $1" ;;
  hit) echo "gap: ccache does not see a changed $1 (the compile was a cache hit)" ;;
  *) bad "the compile after a changed $1 failed" ;;
  esac
}

compile > /dev/null
[ "$(compile)" = hit ] || bad "the same compile again is no cache hit"
printf 'x' >> cc-dll
seen "cc-dll (its mtime and size are hashed)"
printf '# upgraded\n' >> gcc
seen "real compiler behind cc-dll ($gcc, given by --ccdll-cc)"
if [ -n "$plugin" ]; then
  copy=plugins/$(basename "$(dirname "$plugin")")/ccdll.so
  ./cc-dll --ccdll-cc="$WORK/change/gcc" --dry-run -c stdcall.c 2>&1 | grep -q -- "-fplugin=$WORK/change/$copy" ||
    bad "cc-dll does not use the plugin of CCDLL_PLUGIN_DIR"
  # A plugin with bytes appended still loads: it stands for a rebuilt one.
  printf 'x' >> $copy
  seen "GCC plugin"
  export CCACHE_EXTRAFILES="$WORK/change/$copy"
  compile > /dev/null
  printf 'x' >> $copy
  [ "$(compile)" = miss ] && ok "with CCACHE_EXTRAFILES=<the plugin>, ccache sees a changed plugin" ||
    bad "with CCACHE_EXTRAFILES=<the plugin>, ccache does not see a changed plugin"
else
  echo "not checked: a changed plugin (no plugin for $gcc)"
fi
# cc-dll's answer: its --ccdll-compiler-check names the real compiler and
# the plugin (size and time), for ccache to compare in place of cc-dll's.
unset CCACHE_EXTRAFILES
export CCACHE_COMPILERCHECK="%compiler% --ccdll-cc=$WORK/change/gcc --ccdll-compiler-check"
compile > /dev/null
printf '# upgraded again\n' >> gcc
[ "$(compile)" = miss ] && ok "with --ccdll-compiler-check, ccache sees a changed real compiler" ||
  bad "with --ccdll-compiler-check, ccache does not see a changed real compiler"
if [ -n "$plugin" ]; then
  printf 'x' >> $copy
  [ "$(compile)" = miss ] && ok "with --ccdll-compiler-check, ccache sees a changed plugin" ||
    bad "with --ccdll-compiler-check, ccache does not see a changed plugin"
fi
[ "$(compile)" = hit ] && ok "with --ccdll-compiler-check, the same compile again is a hit" ||
  bad "with --ccdll-compiler-check, the same compile again is no hit"
unset CCACHE_COMPILERCHECK
cd ..
no_leftovers "ccache compiles" change
finish
