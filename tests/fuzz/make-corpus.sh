#!/bin/sh
# make-corpus.sh [CCDLL] - (re)makes the seed corpora of corpus/<target>/
# from seeds/ and tests/errors/def: .def files, DLLs and objects from the
# mingw-w64 gcc (i686, x86_64; GNU ld and lld), import libraries from
# llvm-dlltool, GNU dlltool (and `ccdll implib` when CCDLL is given),
# static libraries, objects with .ccdll records, record lines and .drectve
# texts. Each seed is kept under 20 KB (stripped, -nostdlib). Tools that
# are missing leave their seeds out. Run by hand; the seeds are in git.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ccdll=${1:-}
c=$here/corpus s=$here/seeds
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
rm -rf "$c" && mkdir -p "$c/fuzz_def" "$c/fuzz_roundtrip" "$c/fuzz_pe" "$c/fuzz_archive" "$c/fuzz_records"
have() { command -v "$1" >/dev/null 2>&1; }
cd "$tmp" || exit 1

# prefix BYTE FILE OUT: OUT is BYTE (the target's options) then FILE.
prefix() { { printf '%s' "$1"; cat "$2"; } > "$3"; }

# fuzz_def, fuzz_roundtrip: the first byte picks dialect and machine ('0'
# mingw i386, '1' msvc i386, '2' mingw x86_64, '6' mingw arm64; for the
# round trip '8' adds kill-at, 'p' is mingw i386 without EXPORTAS).
for f in "$here"/../errors/def/*.def; do
  prefix 0 "$f" "$c/fuzz_def/err-$(basename "$f" .def)"
done
for f in "$s/lib.def" "$s/imp.def" "$s"/def/*.def; do
  n=$(basename "$f" .def)
  prefix 0 "$f" "$c/fuzz_def/$n-mingw-i386"
  prefix 1 "$f" "$c/fuzz_def/$n-msvc-i386"
  prefix 2 "$f" "$c/fuzz_def/$n-mingw-x86_64"
  prefix 6 "$f" "$c/fuzz_def/$n-mingw-arm64"
  prefix 0 "$f" "$c/fuzz_roundtrip/$n-mingw-i386"
  prefix 8 "$f" "$c/fuzz_roundtrip/$n-killat-i386"
  prefix 1 "$f" "$c/fuzz_roundtrip/$n-msvc-i386"
  prefix 3 "$f" "$c/fuzz_roundtrip/$n-msvc-x86_64"
  prefix p "$f" "$c/fuzz_roundtrip/$n-noexportas-i386"
done

# fuzz_records: '0' then record lines, '1' then a .drectve text.
for f in "$s"/records/*.jsonl; do prefix 0 "$f" "$c/fuzz_records/records-$(basename "$f" .jsonl)"; done
for f in "$s"/drectve/*.txt; do prefix 1 "$f" "$c/fuzz_records/drectve-$(basename "$f" .txt)"; done

# DLLs and objects.
for a in i686 x86_64; do
  t=$a-w64-mingw32
  have $t-gcc || continue
  $t-gcc -O1 -c -o obj-$a.o "$s/lib.c" && $t-strip -g obj-$a.o &&
    cp obj-$a.o "$c/fuzz_pe/gcc-$a.o"
  $t-gcc -O1 -Wa,-mbig-obj -c -o big-$a.o "$s/lib.c" 2>/dev/null && $t-strip -g big-$a.o &&
    cp big-$a.o "$c/fuzz_pe/gcc-bigobj-$a.o"
  $t-gcc -O1 -shared -s -nostdlib -o gnu-$a.dll "$s/lib.c" "$s/lib.def" -lkernel32 -Wl,-e,0 $([ $a = i686 ] && echo -Wl,--kill-at) &&
    cp gnu-$a.dll "$c/fuzz_pe/gnu-$a.dll"
  $t-gcc -O1 -shared -s -nostdlib -o gnuall-$a.dll "$s/lib.c" -lkernel32 -Wl,-e,0 &&
    cp gnuall-$a.dll "$c/fuzz_pe/gnu-dllexport-$a.dll"
  if have clang && have ld.lld; then
    clang --target=$t -O1 -c -o clang-$a.o "$s/lib.c" && cp clang-$a.o "$c/fuzz_pe/clang-$a.o"
    clang --target=$t -fuse-ld=lld -O1 -shared -s -nostdlib -o lld-$a.dll "$s/lib.c" "$s/lib.def" \
      -L"$(dirname "$($t-gcc -print-libgcc-file-name)")" -L/usr/$t/lib -lkernel32 -Wl,-e,CdeclFn &&
      cp lld-$a.dll "$c/fuzz_pe/lld-$a.dll"
  fi
  # An object with the plugin's records (.ccdll) beside its directives.
  if have $t-objcopy; then
    $t-objcopy --add-section .ccdll="$s/records/basic.jsonl" obj-$a.o rec-$a.o && cp rec-$a.o "$c/fuzz_pe/records-$a.o"
    $t-objcopy -O binary --only-section=.drectve obj-$a.o drectve-$a.bin &&
      prefix 1 drectve-$a.bin "$c/fuzz_records/drectve-gcc-$a"
  fi
  # Archives: a static library, import libraries.
  $t-ar rcs static-$a.a obj-$a.o rec-$a.o 2>/dev/null && cp static-$a.a "$c/fuzz_archive/static-$a.a"
  m=$([ $a = i686 ] && echo i386 || echo i386:x86-64)
  if have $t-dlltool; then
    $t-dlltool -d "$s/imp.def" -l gnu-$a.a && cp gnu-$a.a "$c/fuzz_archive/dlltool-$a.a"
    $t-dlltool -k -d "$s/imp.def" -l gnuk-$a.a && cp gnuk-$a.a "$c/fuzz_archive/dlltool-killat-$a.a"
    $t-dlltool -d "$s/lib.def" -y gnud-$a.a 2>/dev/null && cp gnud-$a.a "$c/fuzz_archive/dlltool-delay-$a.a"
    $t-dlltool -d "$s/lib.def" -e exp-$a.o && cp exp-$a.o "$c/fuzz_pe/dlltool-exp-$a.o"
  fi
  if have llvm-dlltool; then
    llvm-dlltool -m $m -d "$s/imp.def" -l llvm-$a.a && cp llvm-$a.a "$c/fuzz_archive/llvm-dlltool-$a.a"
    llvm-dlltool -m $m -k -d "$s/imp.def" -l llvmk-$a.a && cp llvmk-$a.a "$c/fuzz_archive/llvm-dlltool-killat-$a.a"
  fi
  if [ -n "$ccdll" ]; then
    "$ccdll" implib -m $m -d "$s/imp.def" -l ccdll-$a.a && cp ccdll-$a.a "$c/fuzz_archive/ccdll-$a.a"
    "$ccdll" implib -m $m -d "$s/def/renames.def" -l ccdllr-$a.a && cp ccdllr-$a.a "$c/fuzz_archive/ccdll-renames-$a.a"
    "$ccdll" exp -m $m -d "$s/lib.def" -o cexp-$a.o && cp cexp-$a.o "$c/fuzz_pe/ccdll-exp-$a.o"
  fi
done
# A program with delay-load imports and an import by ordinal (lld).
if have llvm-dlltool && have clang && have ld.lld && have x86_64-w64-mingw32-gcc; then
  llvm-dlltool -m i386:x86-64 -d "$s/lib.def" -l client-lib.a &&
    clang --target=x86_64-w64-mingw32 -fuse-ld=lld -s -o client.exe "$s/client.c" client-lib.a \
      -L"$(dirname "$(x86_64-w64-mingw32-gcc -print-libgcc-file-name)")" -Wl,-delayload=lib.dll &&
    cp client.exe "$c/fuzz_pe/lld-delayload-x86_64.exe"
fi
have llvm-dlltool && llvm-dlltool -m arm64 -d "$s/imp.def" -l llvm-arm64.a && cp llvm-arm64.a "$c/fuzz_archive/llvm-dlltool-arm64.a"
# A few objects for the archive target, and archives for the object reader.
cp "$c"/fuzz_pe/records-*.o "$c/fuzz_archive/" 2>/dev/null
cp "$c/fuzz_archive/dlltool-i686.a" "$c/fuzz_archive/llvm-dlltool-x86_64.a" "$c/fuzz_pe/" 2>/dev/null

# Nothing over 20 KB.
find "$c" -type f -size +20k -print -delete | sed 's/^/too big, left out: /'
du -sh "$c"; for d in "$c"/*; do echo "$(basename "$d"): $(ls "$d" | wc -l) seeds"; done
