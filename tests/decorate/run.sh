#!/bin/sh
# run.sh - checks cc-dll's decorations against what GCC and clang emit.
#
# usage: run.sh DECORATE_CHECK
#
# For each compiler configuration below: decorate_check prints the cases of
# cases.txt that apply and the symbol cc-dll computes for each; from those
# cases this script writes one C file (the declarations and a reference to
# each, so that the object has a symbol for every one), compiles it with -c,
# reads the symbols with llvm-nm and compares. Prints the number of cases
# per compiler and every disagreement; exits 1 on any. A missing compiler is
# reported and left out; when none is found at all the test is skipped.
set -u

check=${1:?usage: run.sh DECORATE_CHECK}
here=$(cd "$(dirname "$0")" && pwd)
cases=$here/cases.txt

# triple, compiler family, command. clang 14 crashes on i386 vectorcall
# with double parameters unless SSE2 is on.
configs='
i686-w64-mingw32        gcc   i686-w64-mingw32-gcc
x86_64-w64-mingw32      gcc   x86_64-w64-mingw32-gcc
i686-w64-mingw32        clang clang --target=i686-w64-mingw32 -msse2
i686-pc-windows-msvc    clang clang --target=i686-pc-windows-msvc -msse2
x86_64-w64-mingw32      clang clang --target=x86_64-w64-mingw32
x86_64-pc-windows-msvc  clang clang --target=x86_64-pc-windows-msvc
armv7-w64-mingw32       clang clang --target=armv7-w64-mingw32
aarch64-w64-mingw32     clang clang --target=aarch64-w64-mingw32
aarch64-pc-windows-msvc clang clang --target=aarch64-pc-windows-msvc
'

nm=
for n in llvm-nm llvm-nm-14 llvm-nm-15 llvm-nm-16 llvm-nm-17 llvm-nm-18; do
  if command -v "$n" >/dev/null 2>&1; then nm=$n; break; fi
done
if [ -z "$nm" ]; then
  echo "skipped: llvm-nm not found"
  exit 0
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

echo "$configs" | while read -r triple family cmd; do
  [ -n "$triple" ] || continue
  # $cmd is a command and its options: split on purpose.
  # shellcheck disable=SC2086
  set -- $cmd
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$cmd: not found, not checked"
    continue
  fi
  # A clang built without this target's backend cannot take part.
  echo 'int x;' >"$tmp/probe.c"
  if ! $cmd -c "$tmp/probe.c" -o "$tmp/probe.o" 2>/dev/null; then
    echo "$cmd: cannot compile for $triple, not checked"
    continue
  fi

  if ! "$check" "$cases" "$triple" "$family" >"$tmp/expected"; then
    echo "$cmd: decorate_check failed"
    echo bad >>"$tmp/status"
    continue
  fi

  # The C file: the '%' lines, then each applicable case's declaration
  # (the first line with its name), then one reference to every case.
  awk -v expected="$tmp/expected" '
    BEGIN {
      while ((getline l < expected) > 0) {
        split(l, f, " ")
        want[f[1]] = 1
        order[++n] = f[1]
      }
    }
    /^%/ { sub(/^%[ \t]?/, ""); print; next }
    /^[ \t]*(#|$)/ { next }
    {
      split($0, f, "|")
      name = f[1]
      gsub(/[ \t]/, "", name)
      if ((name in want) && !(name in seen)) {
        seen[name] = 1
        decl = f[5]
        sub(/^[ \t]+/, "", decl)
        print decl
      }
    }
    END {
      printf "void *cc_refs[] = {\n"
      for (i = 1; i <= n; i++)
        printf "  (void *)%s,\n", order[i]
      printf "};\n"
    }' "$cases" >"$tmp/cases.c"

  if ! $cmd -w -c "$tmp/cases.c" -o "$tmp/cases.o" 2>"$tmp/cc.err"; then
    echo "$cmd: compiling the cases failed:"
    sed 's/^/  /' "$tmp/cc.err"
    echo bad >>"$tmp/status"
    continue
  fi

  # Map each symbol to its undecorated name: drop one leading '_' or '@',
  # then everything from the first '@'. Compare with what we expect.
  "$nm" "$tmp/cases.o" | awk '{ print $NF }' >"$tmp/syms"
  awk -v cmd="$cmd" -v syms="$tmp/syms" '
    BEGIN {
      while ((getline s < syms) > 0) {
        base = s
        sub(/^[_@]/, "", base)
        sub(/@.*/, "", base)
        got[base] = s
      }
    }
    {
      n++
      if (!($1 in got)) {
        printf "  %s: no symbol from the compiler, cc-dll %s\n", $1, $2
        bad++
      } else if (got[$1] != $2) {
        printf "  %s: compiler %s, cc-dll %s\n", $1, got[$1], $2
        bad++
      }
    }
    END {
      printf "%s: %d cases, %d disagreements\n", cmd, n, bad
      exit bad != 0
    }' "$tmp/expected" >"$tmp/report"
  status=$?
  # The summary first, then the disagreements.
  tail -n 1 "$tmp/report"
  sed '$d' "$tmp/report"
  [ $status -eq 0 ] || echo bad >>"$tmp/status"
  echo ran >>"$tmp/ran"
done

if [ ! -s "$tmp/ran" ] && [ ! -s "$tmp/status" ]; then
  echo "skipped: no compiler found"
  exit 0
fi
if [ -s "$tmp/status" ]; then
  echo "FAILED: cc-dll disagrees with a compiler (see above)"
  exit 1
fi
exit 0
