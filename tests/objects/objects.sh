# objects.sh CCDLL WORK - `ccdll scan` on objects built with neither plugin
# nor scanner: what their .drectve export directives and decorated symbols
# say, checked against what the linkers make of the same objects.
#
# For every case of tests/corpus, for i686 and x86_64, compiled by mingw gcc
# and by clang: the symbols and kinds of the records equal the export list
# GNU ld writes for a DLL linked from the object (--output-def, whose DATA
# marks the data). For MSVC-target objects (clang, C cases): every record's
# symbol is a symbol the object defines, a function for code and not one
# for data, and the exports equal lld-link's. Archives (GNU ar, llvm-lib),
# big objects (-mbig-obj) and bad input are checked too.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/common.sh"
start
need i686-w64-mingw32-gcc x86_64-w64-mingw32-gcc clang llvm-nm

# The records of a scan as "symbol kind" lines, sorted.
records() {
  sed -n 's/.*"symbol":"\([^"]*\)".*"kind":"\([a-z]*\)".*/\1 \2/p' "$1" | LC_ALL=C sort
}

# GNU ld's --output-def as "symbol kind" lines, sorted.
ld_exports() {
  awk '/^EXPORTS/ { on = 1; next } on && NF { print $1, ($NF == "DATA" ? "data" : "code") }' "$1" | LC_ALL=C sort
}

checked=0
for arch in i686 x86_64; do
  for file in "$SRC"/corpus/*.c "$SRC"/corpus/*.cpp; do
    case=$(basename "$file")
    for compiler in gcc clang; do
      out=$arch-$compiler-$case
      case $file in
      *.cpp) link=$(triple $arch)-g++; cc=$link; [ $compiler = clang ] && cc=clang++ ;;
      *) link=$(triple $arch)-gcc; cc=$link; [ $compiler = clang ] && cc=clang ;;
      esac
      target=; [ $compiler = clang ] && target=--target=$(triple $arch)
      $cc $target -w -c -o $out.o "$file" || { bad "$out: does not compile"; continue; }
      "$ccdll" scan $out.o > $out.jsonl || { bad "$out: ccdll scan"; continue; }
      $link -shared -o $out.dll $out.o -Wl,--output-def=$out.ld.def || { bad "$out: GNU ld"; continue; }
      records $out.jsonl > $out.ours
      ld_exports $out.ld.def > $out.ld
      if [ ! -s $out.ld ]; then
        bad "$out: GNU ld exports nothing"
      elif cmp -s $out.ld $out.ours; then
        checked=$((checked + 1))
      else
        bad "$out: the records differ from GNU ld's exports"
        diff $out.ld $out.ours | head -10
      fi
    done
  done
done
[ $checked -gt 100 ] && ok "$checked objects: records equal GNU ld's exports" || bad "only $checked objects checked"

# MSVC-target objects: "/EXPORT:_Foo@4" directives with the i386 '_'.
for arch in i686 x86_64; do
  n=0 wrong=0
  for file in "$SRC"/corpus/*.c; do
    case $file in *26-winapi*) continue ;; esac   # windows.h of mingw: GNU target only
    out=msvc-$arch-$(basename "$file" .c)
    clang --target=$arch-pc-windows-msvc -w -c -o $out.o "$file" || { bad "$out: does not compile"; continue; }
    "$ccdll" scan $out.o > $out.jsonl || { bad "$out: ccdll scan"; continue; }
    p=; [ $arch = i686 ] && p=_
    # llvm-nm: "T" functions, "D B R" data, each defined symbol once.
    llvm-nm --defined-only --extern-only $out.o | awk -v p="$p" '{ s = $3; if (p != "" && substr(s, 1, 1) == "_") s = substr(s, 2); print s, ($2 == "T" ? "code" : "data") }' |
      LC_ALL=C sort > $out.nm
    records $out.jsonl | while read -r sym kind; do
      grep -qx "$sym $kind" $out.nm || echo "$out: '$sym' ($kind) is no such symbol of the object"
    done > $out.missing
    # As many records as export directives (llvm-readobj lists them).
    directives=$(llvm-readobj --coff-directives $out.o | grep -o -i '/export:' | wc -l)
    [ "$directives" -eq "$(records $out.jsonl | wc -l)" ] ||
      echo "$out: $directives export directives, $(records $out.jsonl | wc -l) records" >> $out.missing
    [ -s $out.missing ] && { cat $out.missing; wrong=1; }
    n=$((n + 1))
  done
  [ $wrong = 0 ] && [ $n -ge 15 ] && ok "msvc $arch: $n objects, every record a symbol of its kind, one for each directive" || bad "msvc $arch"
done

# Archives: the records of every member, with the member's name.
objs=$(ls i686-gcc-*.o | head -8)
i686-w64-mingw32-ar rcs gnu.a $objs
cat $(for o in $objs; do echo ${o%.o}.jsonl; done) | records /dev/stdin > members.ours
"$ccdll" scan gnu.a > gnu.jsonl && records gnu.jsonl > gnu.ours && same "GNU ar archive: the records of its members" members.ours gnu.ours
grep -q "\"file\":\"gnu.a(i686-gcc-01-stdcall-ints.c.o)\"" gnu.jsonl && ok "archive members named in records" ||
  bad "archive members named in records"
if command -v llvm-lib >/dev/null; then
  llvm-lib /out:msvc.lib $objs && "$ccdll" scan msvc.lib > lib.jsonl && records lib.jsonl > lib.ours &&
    same "llvm-lib archive: the records of its members" members.ours lib.ours
fi

# Big objects: the 56-byte header and 20-byte symbols of -mbig-obj.
for arch in i686 x86_64; do
  $(triple $arch)-gcc -Wa,-mbig-obj -c -o big-$arch.o "$SRC/corpus/04-struct-byvalue.c" || { bad "$arch: -mbig-obj"; continue; }
  [ "$(head -c 6 big-$arch.o | od -An -tx1 | tr -d ' ')" = 0000ffff0200 ] || bad "big-$arch.o is no big object"
  "$ccdll" scan big-$arch.o > big-$arch.jsonl && records big-$arch.jsonl > big-$arch.ours &&
    records $arch-gcc-04-struct-byvalue.c.jsonl > small-$arch.ours &&
    same "$arch: a big object gives the records of the small one" small-$arch.ours big-$arch.ours
done

# Bad input: a message naming the file, exit 1, no output file.
expect_error() {   # WHAT FILE MESSAGE
  rm -f err.jsonl
  "$ccdll" scan -o err.jsonl "$2" 2> err.txt
  st=$?
  if [ $st -eq 1 ] && grep -q "^$2: error: $3" err.txt && [ ! -e err.jsonl ]; then ok "$1"
  else bad "$1 (status $st)"; cat err.txt; fi
}
printf 'not an object' > garbage.o
expect_error "not an object" garbage.o "not a COFF object"
head -c 100 i686-gcc-08-data.c.o > truncated.o
expect_error "a truncated object" truncated.o "not a COFF object"
head -c 2000 gnu.a > truncated.a
expect_error "a truncated archive" truncated.a "a damaged archive"
clang --target=i686-w64-mingw32 -flto -c -o bitcode.o "$SRC/corpus/01-stdcall-ints.c" &&
  expect_error "LLVM bitcode" bitcode.o "an LLVM bitcode object"
cp i686-gcc-01-stdcall-ints.c.o x86.o
"$ccdll" scan x86.o x86_64-gcc-01-stdcall-ints.c.o > /dev/null 2> mixed.txt
[ $? -eq 1 ] && grep -q "x86_64-gcc-01-stdcall-ints.c.o: error: an object for i386:x86-64 among objects for i386" mixed.txt &&
  ok "objects of two machines" || { bad "objects of two machines"; cat mixed.txt; }
printf -- '-export:Foo@4 -export:,data' > drectve.bin
i686-w64-mingw32-objcopy --update-section .drectve=drectve.bin i686-gcc-16-cdecl-explicit.c.o baddirective.o 2>/dev/null &&
  expect_error "a malformed export directive" baddirective.o "malformed export directive '-export:,data'"
i686-w64-mingw32-gcc -flto -c -o gcclto.o "$SRC/corpus/01-stdcall-ints.c"
"$ccdll" scan gcclto.o > gcclto.jsonl 2> gcclto.txt
[ $? -eq 0 ] && grep -q "gcclto.o: warning: a GCC LTO object without export records" gcclto.txt &&
  ok "a GCC LTO object: a warning" || { bad "a GCC LTO object"; cat gcclto.txt; }
finish
