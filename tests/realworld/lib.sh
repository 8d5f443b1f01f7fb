# lib.sh - sourced by the realworld tests after common.sh: Debian's source
# packages (downloaded once into a cache under the build tree), the classic
# recipe of the seed text (gcc, dlltool with a base file, gcc again,
# dlltool -k), and the dumps the tests compare, each made by an LLVM tool.

# The cache keeps each package's download and unpacked tree, so that a rerun
# needs no network: build/tests/work/realworld-sources/PKG/tree.
CACHE=${CCDLL_SOURCE_CACHE:-$(dirname "$WORK")/realworld-sources}

# debian_source PKG DEST: copies the unpacked source of Debian's package PKG
# (its patches applied, as Debian builds it) to DEST. The first time it is
# downloaded with `apt-get source` (which needs deb-src lines: see
# .ci/install-deps); when that is not possible the test is skipped.
debian_source() {
  pkg=$1 dest=$2
  if [ ! -d "$CACHE/$pkg/tree" ]; then
    command -v apt-get >/dev/null && command -v dpkg-source >/dev/null ||
      skip "cannot get Debian's source of $pkg: no apt-get or dpkg-source (dpkg-dev)"
    mkdir -p "$CACHE" && tmp=$(mktemp -d "$CACHE/.$pkg.XXXXXX") || exit 1
    if ! (cd "$tmp" && apt-get source -q --download-only "$pkg" && dpkg-source -x ./*.dsc tree) \
        > "$tmp.log" 2>&1; then
      tail -3 "$tmp.log"
      rm -rf "$tmp" "$tmp.log"
      skip "cannot get Debian's source of $pkg (apt-get source: no deb-src lines, or offline)"
    fi
    rm -f "$tmp.log"
    rm -rf "${CACHE:?}/$pkg" && mv "$tmp" "$CACHE/$pkg" || exit 1
  fi
  cp -R "$CACHE/$pkg/tree" "$dest"
}

# ccdll_as ARCH: a directory bin/ in the current one with cc-dll under the
# name of the cross compiler it stands for (x86_64-w64-mingw32-cc-dll runs
# x86_64-w64-mingw32-gcc), put first on PATH, as a user would install it.
ccdll_as() {
  mkdir -p "$WORK/bin" && ln -sf "$ccdll" "$WORK/bin/$(triple "$1")-cc-dll" || exit 1
  case ":$PATH:" in *":$WORK/bin:"*) ;; *) PATH=$WORK/bin:$PATH ;; esac
}

# recipe ARCH DLL EXPORT_DEF IMPORT_DEF IMPLIB OBJECTS...: the classic
# recipe of the seed text: a first link only for its base file (the
# relocations), dlltool for the export object (exports and relocations), the
# link with it, and dlltool -k for the import library. Its messages go to
# recipe.log.
recipe() {
  t=$(triple "$1") dll=$2 edef=$3 idef=$4 lib=$5
  shift 5
  {
    "$t-gcc" -mdll -o junk.tmp -Wl,--base-file,base.tmp "$@" &&
      "$t-dlltool" --dllname "$dll" --base-file base.tmp --output-exp temp.exp --def "$edef" &&
      "$t-gcc" -mdll -o "$dll" "$@" -Wl,temp.exp &&
      "$t-dlltool" --dllname "$dll" --def "$idef" --output-lib "$lib" -k
  } > recipe.log 2>&1
  st=$?
  rm -f junk.tmp base.tmp temp.exp
  return $st
}

# decorated_defs DEF STEM OBJECTS...: the two .def files the seed text has a
# user write for stdcall functions: STEM_i.def (Foo@4, for dlltool -k) and
# STEM_e.def (Foo=Foo@4, to link the DLL). Each name of DEF's EXPORTS gets
# the decoration of the symbol the objects define (llvm-nm: _Foo@4); cdecl
# names (_Foo) stay as they are. Other lines are copied (without the CR of
# CRLF line ends, which libbz2.def has).
decorated_defs() {
  def=$1 stem=$2
  shift 2
  llvm-nm -g --defined-only -j "$@" 2>/dev/null | grep -v ':$' > "$stem.symbols"
  for form in i e; do
    awk -v form=$form '
      FNR == NR { if (match($0, /^_[^@]+@[0-9]+$/)) { n = substr($0, 2); at[substr(n, 1, index(n, "@") - 1)] = n }; next }
      { sub(/\r$/, "") }
      /^[ \t]*EXPORTS/ { exports = 1; print; next }
      exports && NF && $1 !~ /^;/ {
        if ($1 in at) print "  " (form == "i" ? at[$1] : $1 "=" at[$1]); else print "  " $1
        next
      }
      { print }' "$stem.symbols" "$def" > "${stem}_$form.def"
  done
}

# exports DLL: "ordinal name" of each export (llvm-readobj), by name.
exports() {
  llvm-readobj --coff-exports "$1" | awk '/^ *Ordinal:/ { o = $2 } /^ *Name:/ { print o, $2 }' | LC_ALL=C sort -k2
}

# targets DLL: "name symbol" of each export: the DLL's own symbol (its COFF
# symbol table, llvm-nm) at the export's address, e.g. "deflate _deflate@8"
# on i386. This says that an export reaches the function of its name,
# whatever the layout of the DLL.
targets() {
  base=$(llvm-readobj --file-headers "$1" | sed -n 's/^ *ImageBase: 0x//p')
  { llvm-readobj --coff-exports "$1" | awk -v base="$base" '
      function hex(s,  i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
      /^ *Name:/ { n = $2 } /^ *RVA:/ { printf "E %.0f %s\n", hex(base) + hex(substr($2, 3)), n }'
    llvm-nm -g --defined-only "$1" | awk '
      function hex(s,  i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
      $2 == "T" { printf "S %.0f %s\n", hex($1), $3 }'
  } | awk '$1 == "S" { s[$2] = s[$2] " " $3; next } { print $3 s[$2] }' | LC_ALL=C sort
}

# dll_name DLL: the name in the DLL's export directory.
dll_name() { llvm-objdump -p "$1" | sed -n 's/^ *DLL name: //p'; }

# implib_symbols LIB: what an import library defines for its callers, the
# thunk Foo and the pointer __imp_Foo of each import (llvm-nm), without the
# bookkeeping symbols that differ by layout: cc-dll writes the import
# descriptor, null descriptor and null thunk (__IMPORT_DESCRIPTOR_zlib1,
# __NULL_IMPORT_DESCRIPTOR, \177zlib1_NULL_THUNK_DATA, the layout of
# lib.exe and llvm-dlltool); GNU dlltool a head and a name member
# (_head_libzlib1_a, __libzlib1_a_iname).
# (llvm-nm --defined-only leaves out the symbols of short import members.)
implib_symbols() {
  llvm-nm "$1" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3 }' |
    grep -v -e '^__IMPORT_DESCRIPTOR_' -e '^__NULL_IMPORT_DESCRIPTOR$' -e '_NULL_THUNK_DATA$' \
      -e '^__*head_' -e '_iname$' | LC_ALL=C sort
}

# imports EXE DLL: the names the program imports from DLL (llvm-readobj; the
# DLL's name is matched without case, as Windows does), by name.
imports() {
  llvm-readobj --coff-imports "$1" |
    awk -v dll="$(echo "$2" | tr A-Z a-z)" '/^ *Name: / { d = tolower($2) } /^ *Symbol: / && d == dll { print $2 }' |
    LC_ALL=C sort
}

# import_dlls EXE: the DLLs the program imports from, as it spells them.
import_dlls() { llvm-readobj --coff-imports "$1" | sed -n 's/^ *Name: //p'; }

# all_client HEADER NAMES_FILE: a C program that takes the address of every
# function of NAMES_FILE, declared by HEADER, so that a link pulls each
# import from the import library: its import table then names them all.
# (At run time, so that dllimport declarations work too: they reach the
# function through __imp_Foo, the others through the thunk Foo.)
all_client() {
  printf '#include "%s"\nvoid *all[%d];\nint main(void) {\n  int i = 0;\n' "$1" "$(wc -l < "$2")"
  sed 's/.*/  all[i++] = (void *)\&&;/' "$2"
  printf '  return all[0] == 0;\n}\n'
}

# def_names DEF: the names a .def exports, by name.
def_names() { tr -d '\r' < "$1" | awk '/^[ \t]*EXPORTS/ { e = 1; next } e && NF && $1 !~ /^;/ { print $1 }' | LC_ALL=C sort; }
