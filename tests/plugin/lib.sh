# lib.sh - sourced by the plugin tests after common.sh: the plugin of a
# compiler, and the sections, directives and records of an object.
#
# The test sets PLUGINS to the directory of the built plugins
# (BUILD/plugin/gcc, one <triple>-<version>/ccdll.so per compiler).

# GNU objcopy dumps any COFF section (llvm-objcopy 14 cannot); the x86_64
# one reads i386 objects as well.
OBJCOPY=
for t in x86_64-w64-mingw32-objcopy i686-w64-mingw32-objcopy objcopy; do
  if command -v $t >/dev/null 2>&1; then OBJCOPY=$t; break; fi
done

# need_plugins: skips the test when no plugin was built.
need_plugins() {
  [ -n "$PLUGINS" ] && [ -s "$PLUGINS/plugins.txt" ] || skip "no GCC plugin was built (no mingw-w64 plugin headers)"
  [ -n "$OBJCOPY" ] || skip "objcopy not found"
}

# plugin_of CC: the plugin built for compiler CC; fails when there is none.
plugin_of() {
  pdir=$("$1" -print-file-name=plugin 2>/dev/null) || return 1
  p="$PLUGINS/$("$1" -dumpmachine)-$(basename "$(dirname "$pdir")")/ccdll.so"
  [ -f "$p" ] && echo "$p"
}

# section OBJ NAME OUT: the bytes of section NAME into OUT; fails when the
# object has no such section.
section() {
  rm -f "$3"
  "$OBJCOPY" --dump-section "$2=$3" "$1" 2>/dev/null && [ -f "$3" ]
}

# section_flags OBJ NAME: the IMAGE_SCN_* flags of section NAME, one a line.
section_flags() {
  llvm-readobj --sections "$1" | awk -v want="$2" '
    /^ *Name: / { inside = ($2 == want) }
    inside && /IMAGE_SCN_/ { print $1 }'
}

# directives OBJ: the exports of the object's .drectve, one a line:
# "symbol" or "symbol,data".
directives() {
  if section "$1" .drectve drectve.bin; then
    tr ' \0' '\n\n' < drectve.bin |
      sed -n -e 's/^-export:"\([^"]*\)"\(,data\)\{0,1\}$/\1\2/p' -e 's/^-export:\([^",]*\)\(,data\)\{0,1\}$/\1\2/p'
  fi
}

# records OBJ: the .ccdll records of the object (empty lines, the padding,
# left out).
records() {
  if section "$1" .ccdll ccdll.bin; then
    grep -v '^$' ccdll.bin
  fi
}

# field NAME: a field of the record on stdin ("symbol", "line", ...);
# strings come without their quotes and with \" and \\ undone.
field() {
  sed -n -e "s/.*\"$1\":\"\(\([^\"\\\\]\|\\\\.\)*\)\".*/\1/p" -e "s/.*\"$1\":\(-\{0,1\}[0-9][0-9]*\).*/\1/p" |
    sed -e 's/\\"/"/g' -e 's/\\\\/\\/g'
}

# record_symbols FILE: "symbol" or "symbol,data" for each record of FILE.
record_symbols() {
  while IFS= read -r r; do
    s=$(echo "$r" | field symbol)
    [ "$(echo "$r" | field kind)" = data ] && s="$s,data"
    echo "$s"
  done < "$1"
}

# line_at FILE LINE: that line of FILE.
line_at() { sed -n "$2{p;q;}" "$1"; }

# squeeze: blank runs made one space, none at either end.
squeeze() { tr -s ' \t' '  ' | sed -e 's/^ //' -e 's/ $//'; }
