# compare.sh CCDLL WORK - `ccdll gendef` and mingw-w64's gendef on i686
# DLLs whose true import .def we know: cc-dll builds each DLL from sources
# (tests/corpus and paths.c: stdcall, fastcall, cdecl, variadic, data,
# struct-by-value, many return paths, loops, tail calls, switches, calls
# that never return), at -O0 and -O2, and writes NAME_i.def from the
# prototypes. Also DLLs that export decorated names (--ccdll-exports=
# decorated) and DLLs linked by plain GNU ld --kill-at, held against the
# NAME_i.def of the same sources.
#
# Per export, each tool's .def line (name with its decoration, DATA) is
# compared with the truth. The test fails when ccdll gendef is wrong on an
# export it did not mark '; ccdll: unsure', or does not get more right than
# mingw-w64 gendef. What no code can tell is counted as a miss but not as
# an error: stdcall and fastcall without arguments (`ret` as cdecl), and
# fastcall whose arguments all go on the stack (`ret N` as stdcall).
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
CORPUS=$SRC/../corpus
CCDLL_CC=$(cd "$(dirname "$ccdll")" && pwd)/cc-dll
. "$SRC/../common.sh"
need i686-w64-mingw32-gcc gendef
[ -x "$CCDLL_CC" ] || skip "no cc-dll beside $ccdll"
start

SOURCES="01-stdcall-ints 02-stdcall-floats 03-arrays 04-struct-byvalue 05-sret 06-fastcall 07-variadic 08-data
09-macros 10-gnu-attributes 11-typedefs 12-decl-then-def 13-pointers 14-complex-vector 16-cdecl-explicit
26-winapi-macros 28-long-names 29-many-params 30-aligned-struct 32-mixed-header paths"

# norm FILE: "key<TAB>line<TAB>unsure" per export of a .def, the line
# being the name as written and DATA; key the name without decoration.
norm() {
  awk '/^[ \t]*(;|$)/ || /^(LIBRARY|NAME|EXPORTS)/ { next }
    { unsure = index($0, "ccdll: unsure") > 0; sub(/;.*/, "")
      name = $1; gsub(/"/, "", name); sub(/=.*/, "", name)
      data = 0; for (i = 2; i <= NF; i++) if ($i == "DATA") data = 1
      key = name; sub(/^@/, "", key); while (sub(/@[0-9]+$/, "", key)) {}
      print key "\t" name (data ? " DATA" : "") "\t" unsure }' "$1"
}

# check DLL TRUTH: compares both tools' .def for DLL with TRUTH; appends
# "total ours theirs bad" to counts.txt.
check() {
  dll=$1 truth=$2 what=$3
  "$ccdll" gendef "$dll" -o ours.def 2> ours.err || { bad "$what: ccdll gendef fails"; cat ours.err; return; }
  gendef - "$dll" > theirs.def 2>/dev/null || bad "$what: mingw-w64 gendef fails"
  norm "$truth" > t.txt; norm ours.def > o.txt; norm theirs.def > g.txt
  awk -F'\t' -v what="$what" -v counts="$WORK/counts.txt" '
    FILENAME == ARGV[1] { truth[$1] = $2; order[++n] = $1; next }
    FILENAME == ARGV[2] { ours[$1] = $2; unsure[$1] = $3; next }
    { theirs[$1] = $2 }
    END {
      for (i = 1; i <= n; i++) {
        k = order[i]; t = truth[k]
        if (ours[k] == t) o++
        else if (unsure[k]) printf "  %s: %s: ccdll unsure (%s)\n", what, t, ours[k]
        else if (t ~ /^@/ || t ~ /@0( DATA)?$/) printf "  %s: %s: ccdll %s (the code cannot tell)\n", what, t, ours[k]
        else { printf "FAIL: %s: %s: ccdll gendef wrote %s\n", what, t, ours[k]; b++ }
        if (theirs[k] == t) g++
        else printf "  %s: %s: mingw-w64 gendef wrote %s\n", what, t, (k in theirs) ? theirs[k] : "nothing"
      }
      print n + 0, o + 0, g + 0, b + 0 >> counts
    }' t.txt o.txt g.txt
}

: > "$WORK/counts.txt"
for opt in O0 O2; do
  for s in $SOURCES; do
    src=$CORPUS/$s.c
    [ -f "$src" ] || src=$SRC/$s.c
    n=${s%%-*}; [ "$n" = paths ] || n=c$n
    d=$opt-$n
    mkdir -p $d && cd $d || exit 1
    "$CCDLL_CC" --ccdll-cc=i686-w64-mingw32-gcc -$opt -shared -I"$CORPUS" -o $n.dll "$src" 2> build.err ||
      { bad "$d: cc-dll"; cat build.err; cd ..; continue; }
    check $n.dll ${n}_i.def "$d"
    case $s in 01-*|02-*|04-*|06-*|26-*|29-*|paths)
      # The same exports decorated, and linked by GNU ld --kill-at.
      "$CCDLL_CC" --ccdll-cc=i686-w64-mingw32-gcc -$opt -shared --ccdll-exports=decorated -o dec.dll "$src" &&
        check dec.dll ${n}_i.def "$d decorated" || bad "$d: decorated DLL"
      i686-w64-mingw32-gcc -$opt -shared -Wl,--kill-at -o killat.dll "$src" &&
        check killat.dll ${n}_i.def "$d ld --kill-at" || bad "$d: ld --kill-at DLL";;
    esac
    cd ..
  done
done

set -- $(awk '{ t += $1; o += $2; g += $3; b += $4 } END { print t + 0, o + 0, g + 0, b + 0 }' "$WORK/counts.txt")
total=$1 ours=$2 theirs=$3 wrong=$4
[ "$total" -gt 0 ] || bad "no exports compared"
[ "$wrong" -eq 0 ] || bad "ccdll gendef is wrong on $wrong exports it was sure of"
if [ "$ours" -gt "$theirs" ]; then ok "ccdll gendef $ours/$total, mingw-w64 gendef $theirs/$total"
else bad "ccdll gendef $ours/$total does not beat mingw-w64 gendef $theirs/$total"; fi
finish
