# common.sh - sourced by the shell tests: checks, tool lookup, linking with
# GNU ld and lld, and running Windows programs (x86_64 under wine, i386
# under 32-bit wine or the PE32 test loader).
#
# A test sets WORK, calls `start`, runs checks and ends with `finish`.
# `skip REASON` ends it as skipped (CTest matches "skipped").

fail=0
start() { rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1; }
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
skip() { echo "skipped: $*"; exit 0; }
finish() { exit $fail; }
need() { for t in "$@"; do command -v "$t" >/dev/null 2>&1 || skip "$t not found"; done; }

# same WHAT EXPECTED ACTUAL: the two files are equal.
same() {
  if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff -u "$2" "$3" | head -30; fi
}

# The mingw-w64 triple of a machine name: i686 or x86_64.
triple() { echo "$1-w64-mingw32"; }

# link_gnu ARCH OUT ARGS...: gcc with GNU ld.
link_gnu() { a=$1 out=$2; shift 2; "$(triple "$a")-gcc" -o "$out" "$@"; }

# link_lld ARCH OUT ARGS...: clang with lld, and a check that lld made it
# (gcc -fuse-ld=lld quietly falls back to GNU ld when it finds no ld.lld
# of its target). lld writes linker version 14, GNU ld 2.
link_lld() {
  a=$1 out=$2; shift 2
  clang --target="$(triple "$a")" -fuse-ld=lld -L"$(dirname "$("$(triple "$a")-gcc" -print-libgcc-file-name)")" \
    -o "$out" "$@" || return 1
  llvm-readobj --file-headers "$out" | grep -q 'MajorLinkerVersion: 1[0-9]' ||
    { echo "FAIL: $out was not linked by lld"; return 1; }
}

# The wine prefix is made once by the wine.prefix fixture test.
export WINEPREFIX="${WINEPREFIX:-$HOME/.wine-ccdll}" WINEDEBUG=-all

# run_win ARCH EXE [ARGS]: runs a Windows program, prints its output and
# returns its exit status. i386 needs 32-bit wine or PE32LOAD (the test
# loader, set by CTest); returns 125 when neither is there.
run_win() {
  a=$1 exe=$2; shift 2
  if [ "$a" = x86_64 ]; then
    wine "$exe" "$@"
  elif command -v wine >/dev/null && [ -n "$(dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep 'install ok installed')" ]; then
    wine "$exe" "$@"
  elif [ -n "${PE32LOAD:-}" ] && [ -x "$PE32LOAD" ]; then
    "$PE32LOAD" "$exe" "$@"
  else
    return 125
  fi
}
