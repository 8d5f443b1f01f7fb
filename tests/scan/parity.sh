#!/bin/sh
# parity.sh - ccdll scan and the GCC plugin (plugin/gcc) give the same
# records for the same source: each of defs.c, api.c, classes.cpp,
# instances.cpp and the cases of tests/corpus is compiled by i686- and
# x86_64-w64-mingw32-gcc with the plugin, and the records in the object's
# .ccdll section are compared with what ccdll scan writes for the file
# (named the same way, from the same directory), byte for byte: names,
# symbols, conventions, @nn, kinds, places and prototypes.
#
# usage: parity.sh CCDLL WORK PLUGIN_DIR
#
# PLUGIN_DIR is the build's plugin/gcc, whose plugins.txt lists the
# plugins built ("triple version path" a line). Every export of these
# sources is defined in them: the plugin records what GCC emits, the
# scanner what is declared, and for a declaration without a definition
# only the scanner has a record.
. "$(dirname "$0")/../common.sh"
ccdll=${1:?usage: parity.sh CCDLL WORK PLUGIN_DIR}
WORK=${2:?usage: parity.sh CCDLL WORK PLUGIN_DIR}
plugins=${3:?usage: parity.sh CCDLL WORK PLUGIN_DIR}/plugins.txt
here=$(cd "$(dirname "$0")" && pwd)
start
need python3
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
[ -s "$plugins" ] || skip "the GCC plugin was not built ($plugins)"
export XDG_CACHE_HOME="$WORK/cache"
cp "$here/defs.c" "$here/api.c" "$here/api.h" "$here/classes.cpp" "$here/instances.cpp" "$here"/../corpus/* .
sources="defs.c api.c classes.cpp instances.cpp $(cd "$here/../corpus" && ls *.c *.cpp)"

# The .ccdll section of a COFF object, without its NUL padding.
section() {
  python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
nsec, opt = struct.unpack_from("<H", d, 2)[0], struct.unpack_from("<H", d, 16)[0]
for i in range(nsec):
    o = 20 + opt + 40 * i
    if d[o:o + 8].rstrip(b"\0") == b".ccdll":
        size, ptr = struct.unpack_from("<II", d, o + 16)
        sys.stdout.write(d[ptr:ptr + size].rstrip(b"\0").decode())
PY
}

checked=0 records=0
for triple in i686-w64-mingw32 x86_64-w64-mingw32; do
  command -v $triple-gcc >/dev/null 2>&1 || continue
  version=$(basename "$(dirname "$($triple-gcc -print-file-name=plugin)")")
  so=$(awk -v t=$triple -v v="$version" '$1 == t && $2 == v { print $3 }' "$plugins")
  [ -n "$so" ] && [ -f "$so" ] || { echo "$triple-gcc $version: no plugin built"; continue; }
  for f in $sources; do
    case $f in *.cpp) cc=$triple-g++ ;; *) cc=$triple-gcc ;; esac
    if ! $cc -w -DBUILDING_API -fplugin="$so" -c $f -o $f.o 2>$f.cc.err; then
      bad "$triple: $cc -fplugin failed on $f"; head -5 $f.cc.err; continue
    fi
    section $f.o | sed '/^$/d' >$f.$triple.plugin
    "$ccdll" scan --target $triple $f -- -w -DBUILDING_API >$f.$triple.scan 2>$f.scan.err ||
      { bad "$triple: ccdll scan failed on $f"; head -5 $f.scan.err; continue; }
    if cmp -s $f.$triple.plugin $f.$triple.scan; then
      records=$((records + $(wc -l <$f.$triple.scan)))
    else
      bad "$triple $f: the records differ from the GCC plugin's (< plugin, > scan)"
      diff $f.$triple.plugin $f.$triple.scan | head -10
    fi
    checked=$((checked + 1))
  done
done
[ $checked -gt 0 ] || skip "no mingw-w64 gcc with a plugin built"
[ $fail = 0 ] && ok "$checked units, $records records, the same from the scanner and the GCC plugin"
finish
