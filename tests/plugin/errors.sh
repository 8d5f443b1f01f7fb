#!/bin/sh
# errors.sh PLUGINS WORKDIR - the plugin in the compiler's other runs: a
# source that does not compile still fails with GCC's own errors; a plugin
# built for another compiler and an unknown option are GCC errors; the
# check of the decorations warns through GCC; -fplugin-arg-ccdll-verbose
# notes each record; nothing exported, no section; assembly output, LTO
# objects and ccache hits carry the records.
PLUGINS=$1 WORK=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
. "$here/lib.sh"
need_plugins
start
cp "$here"/cases/* .
export LC_ALL=C   # GCC's quotes in ASCII

cc=$(triple i686)-gcc
command -v "$cc" >/dev/null 2>&1 || { cc=$(triple x86_64)-gcc; need "$cc"; }
plugin=$(plugin_of "$cc") || { bad "no plugin built for $cc"; finish; }

# fails WHAT TEXT COMMAND...: the command fails, says TEXT, and GCC did not
# crash.
fails() {
  what=$1 text=$2
  shift 2
  if "$@" > out.txt 2> err.txt; then
    bad "$what: succeeded"
  elif ! grep -qF -- "$text" err.txt; then
    bad "$what: stderr lacks '$text'"
    cat err.txt
  elif grep -qi 'internal compiler error' err.txt; then
    bad "$what: GCC crashed"
    cat err.txt
  else
    ok "$what"
  fi
}

fails "a source that does not compile: GCC's error" "broken.c:2:64: error: expected expression before ';' token" \
  "$cc" -fplugin="$plugin" -c broken.c -o broken.o
[ -e broken.o ] && bad "an object was written for broken.c"

fails "an unknown option" "error: unknown option '-fplugin-arg-ccdll-bogus'" \
  "$cc" -fplugin="$plugin" -fplugin-arg-ccdll-bogus=1 -c small.c -o small.o

# The plugin built for the -posix compiler in the -win32 one, or the
# other way round: their configurations differ.
for flavor in posix win32; do
  other=$(plugin_of "$cc-$flavor" 2>/dev/null) || continue
  [ "$other" = "$plugin" ] && continue
  fails "the plugin of $cc-$flavor in $cc" "built for another GCC" "$cc" -fplugin="$other" -c small.c -o small.o
  break
done

# verbose: a note at each record's place.
if "$cc" -fplugin="$plugin" -fplugin-arg-ccdll-verbose -c small.c -o small.o 2> err.txt &&
  grep -qF 'small.c:6:19: note: exported, recorded as {"name":"Add","symbol":"Add' err.txt &&
  [ "$(grep -c ': note: exported, recorded as' err.txt)" -eq 5 ]; then
  ok "verbose: a note for each of the 5 records"
else
  bad "verbose: no notes"
  cat err.txt
fi

# Our @nn rules against the compiler's: with -m128bit-long-double a long
# double takes 16 bytes, which the rules (12 on mingw i386) do not know.
# The plugin warns and records what the compiler emits.
if [ "$($cc -dumpmachine)" = "$(triple i686)" ]; then
  "$cc" -fplugin="$plugin" -m128bit-long-double -c small.c -o small.o 2> err.txt || bad "-m128bit-long-double: does not compile"
  if grep -qF "small.c:8:19: warning: cc-dll computes stdcall '@24' for 'Mix' but the compiler emits 'Mix@28'" err.txt &&
    records small.o | grep -qF '"symbol":"Mix@28","conv":"stdcall","arg_bytes":28'; then
    ok "a decoration our rules get wrong: a warning, and the compiler's number recorded"
  else
    bad "a decoration our rules get wrong: no warning or a wrong record"
    cat err.txt
    records small.o
  fi
fi

# -mrtd makes every fixed-argument function stdcall, and GCC then
# decorates none of them (fastcall ones still): stdcall records without
# @nn, and no warning.
if [ "$($cc -dumpmachine)" = "$(triple i686)" ]; then
  "$cc" -fplugin="$plugin" -mrtd -I. -c exports.c -o rtd.o 2> err.txt || bad "-mrtd: does not compile"
  grep -F 'cc-dll' err.txt && bad "-mrtd: the plugin warns"
  records rtd.o > rtd.txt
  directives rtd.o | sort > want.txt
  record_symbols rtd.txt | sort > got.txt
  same "-mrtd: the records name the symbols of the export directives" want.txt got.txt
  if grep -qF '{"name":"CdeclFoo","symbol":"CdeclFoo","conv":"stdcall","arg_bytes":-1,' rtd.txt &&
    grep -qF '{"name":"StdFoo","symbol":"StdFoo","conv":"stdcall","arg_bytes":-1,' rtd.txt &&
    grep -qF '{"name":"Printf","symbol":"Printf","conv":"cdecl","arg_bytes":-1,' rtd.txt &&
    ! grep -q '"conv":"stdcall","arg_bytes":[0-9]' rtd.txt; then
    ok "-mrtd: stdcall records without @nn"
  else
    bad "-mrtd: wrong records"
    cat rtd.txt
  fi
fi

# Nothing exported: no section.
"$cc" -fplugin="$plugin" -c none.c -o none.o || bad "none.c: does not compile"
section none.o .ccdll none.bin && bad "none.c: a .ccdll section" || ok "nothing exported: no .ccdll section"

# Assembly output: the section as GCC writes it.
"$cc" -fplugin="$plugin" -S small.c -o small.s || bad "small.c -S"
if grep -q '^	\.section	\.ccdll,"yn"$' small.s; then ok "-S: the section in the assembly"; else bad "-S: no .ccdll in the assembly"; fi

# A slim LTO object (no code yet, no .drectve) has the same records.
"$cc" -fplugin="$plugin" -c small.c -o small.o && records small.o > plain.txt
if "$cc" -fplugin="$plugin" -flto -c small.c -o lto.o && records lto.o > lto.txt; then
  same "-flto: the same records in the LTO object" plain.txt lto.txt
else
  bad "-flto: no .ccdll section"
fi

# A ccache hit gives back the object with its records.
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_DIR="$WORK/ccache"
  ccache "$cc" -fplugin="$plugin" -c small.c -o c1.o && ccache "$cc" -fplugin="$plugin" -c small.c -o c2.o
  hits=$(ccache --print-stats 2>/dev/null | awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { n += $2 } END { print n + 0 }')
  if [ "$hits" -ge 1 ] && records c2.o > hit.txt; then
    same "ccache: a hit has the records" plain.txt hit.txt
  else
    bad "ccache: no hit ($hits), or no records in it"
  fi
else
  echo "ccache not found: not checked"
fi
finish
