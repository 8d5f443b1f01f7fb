# ccache.sh CCDLL PLUGIN_DIR WORK - a library built through ccache with the
# GCC plugin, twice (the second time every compile a cache hit), gives the
# same records at link time: `ccdll scan` of the objects writes the same
# records and the same .def pair, and `ccdll link` the same export table.
# The first build's records are checked against the objects' own export
# directives (GNU ld's export list), so that "the same" is also "right".
ccdll=$1 PLUGINS=$2 WORK=$3
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/common.sh"
. "$SRC/plugin/lib.sh"
need_plugins
need ccache llvm-readobj
start
export CCACHE_DIR="$WORK/ccache" CCACHE_NOHASHDIR=1 CCACHE_BASEDIR="$WORK"
cp "$SRC"/corpus/0[1-9]-*.c "$SRC"/corpus/1[0-6]-*.c .
sources=$(ls *.c)

for arch in i686 x86_64; do
  cc=$(triple $arch)-gcc
  plugin=$(plugin_of "$cc") || { bad "$arch: no plugin built for $cc"; continue; }
  m=i386; [ $arch = x86_64 ] && m=i386:x86-64
  for build in 1 2; do
    rm -rf $arch-$build && mkdir $arch-$build
    ccache -z > /dev/null
    for f in $sources; do
      ccache $cc -w -fplugin="$plugin" -c $f -o $arch-$build/${f%.c}.o || bad "$arch build $build: $f"
    done
    hits=$(ccache --print-stats | awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { n += $2 } END { print n + 0 }')
    echo "$arch build $build: $hits of $(echo $sources | wc -w) compiles were cache hits"
    "$ccdll" scan -o $arch-$build/records.jsonl $arch-$build/*.o &&
      "$ccdll" scan --pair=$arch-$build/lib -D lib.dll $arch-$build/*.o &&
      "$ccdll" link -m $m -d $arch-$build/lib_e.def -- $cc -shared -o $arch-$build/lib.dll $arch-$build/*.o ||
      bad "$arch build $build: scan or link"
    llvm-readobj --coff-exports $arch-$build/lib.dll | grep 'Name:' > $arch-$build/exports.txt
  done
  [ "$hits" -eq "$(echo $sources | wc -w)" ] && ok "$arch: the second build was all cache hits" ||
    bad "$arch: $hits cache hits in the second build"
  same "$arch: the same records after ccache hits" $arch-1/records.jsonl $arch-2/records.jsonl
  same "$arch: the same _i.def" $arch-1/lib_i.def $arch-2/lib_i.def
  same "$arch: the same _e.def" $arch-1/lib_e.def $arch-2/lib_e.def
  same "$arch: the same export table" $arch-1/exports.txt $arch-2/exports.txt
  # The records came from the plugin (they carry source places), and name
  # every export GNU ld makes of the objects on its own.
  grep -q '"line":' $arch-1/records.jsonl && ok "$arch: records from the plugin" || bad "$arch: no plugin records"
  $cc -shared -o $arch-1/plain.dll $arch-1/*.o -Wl,--output-def=$arch-1/ld.def
  awk '/^EXPORTS/ { on = 1; next } on && NF { print $1 }' $arch-1/ld.def | LC_ALL=C sort > $arch-1/ld.txt
  sed -n 's/.*"symbol":"\([^"]*\)".*/\1/p' $arch-1/records.jsonl | LC_ALL=C sort > $arch-1/symbols.txt
  same "$arch: the records name what GNU ld exports" $arch-1/ld.txt $arch-1/symbols.txt
done
finish
