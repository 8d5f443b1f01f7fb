# zlib.sh CC_DLL WORK - zlib, from Debian's source package, built as a DLL
# whose API is WINAPI (-DZLIB_WINAPI: zconf.h makes ZEXPORT WINAPI, i.e.
# __stdcall, and ZEXPORTVA cdecl) by zlib's own configure and Makefile with
# cc-dll as the compiler, for x86_64 and i686:
#
#   CHOST=x86_64-w64-mingw32 CC=x86_64-w64-mingw32-cc-dll CFLAGS='-O2 -DZLIB_WINAPI' ./configure
#   make SHAREDLIBV=zlibwapi.dll LDSHAREDLIBC=zlib.def ... zlibwapi.dll example.o minigzip.o
#
# Then the DLL, cc-dll's .def pair and import library are compared with the
# classic recipe of the seed text (gcc, dlltool with a base file, gcc,
# dlltool -k) on the same objects and .def, a client that takes every
# function links against both import libraries, and zlib's own test
# programs (test/example.c, test/minigzip.c) are linked through cc-dll's
# import library by GNU ld and by lld and run under wine (x86_64).
#
# What differs from upstream's Windows build, and why:
# - Debian's source has no win32/ (debian/copyright: Files-Excluded), so no
#   win32/Makefile.gcc and no zlib.def. The build is zlib's portable
#   configure and Makefile, which know MinGW from CHOST; zlib.def is made
#   from zlib.h: every function it declares ZEXPORT or ZEXPORTVA, in the
#   header's order (89 in 1.2.13), the list win32/zlib.def keeps by hand.
#   On the Makefile's shared link, `$(LDSHARED) $(SFLAGS) -o $@ $(PIC_OBJS)
#   $(LDSHAREDLIBC) $(LDFLAGS)`, LDSHAREDLIBC (the C library, empty for
#   MinGW) is where it goes. SHAREDLIB and SHAREDLIBM stay libz.so and
#   libz.so.1, the symbolic links the Makefile makes to the DLL.
# - The DLL is zlibwapi.dll, the name of zlib's WINAPI build
#   (contrib/vstudio). wine 8 brings its own zlib1.dll (cdecl) and loads it
#   instead of a zlib1.dll beside the program; the example's compile flags
#   (bit 10, ZLIB_WINAPI) show that ours ran.
# - The DLL is linked from zlib's PIC objects (*.lo: the same flags plus
#   -fPIC -DPIC, which change nothing on Windows), as its Makefile links
#   its shared library; cc-dll reads them as the objects they are.
#
# What the comparison finds, and what is checked exactly:
# - Exports: the same names and ordinals (all tools number by name), each
#   at the DLL's own symbol of that function (deflate at _deflate@8 on
#   i686), and the same DLL name. cc-dll's .def pair: zlib.def's names with
#   the decorations of the objects (deflate@8 / deflate=deflate@8; the
#   cdecl gzprintf and gzvprintf stay plain), numbered by name.
# - Import libraries: the same thunks and __imp_ pointers (_deflate@8 and
#   __imp__deflate@8 on i686). Only the bookkeeping symbols differ (see
#   implib_symbols in lib.sh), and the layout: cc-dll writes short import
#   members, dlltool a small object per import.
# - i686, the recipe with zlib.def as it is: GNU ld's stdcall fixup
#   links the DLL (deflate -> _deflate@8, with a warning each), so the
#   exports are the same; but dlltool -k takes the names as they are, so its
#   import library has _deflate: cc-dll's symbols without their @nn, and a
#   stdcall client does not link. That is why the seed text decorates the
#   .def by hand (Foo@4 for dlltool -k, Foo=Foo@4 for the DLL); with those
#   files, made here from the objects' symbols, the recipe gives cc-dll's
#   symbols exactly.
# - i686, zlib built with ZLIB_DLL too (dllexport, no .def) against GNU ld
#   --kill-at on the same objects: see below.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
. "$SRC/../common.sh"
. "$SRC/lib.sh"
need llvm-readobj llvm-nm llvm-objdump clang make cmp
start
debian_source zlib "$WORK/zlib"

for arch in x86_64 i686; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null && command -v "$t-dlltool" >/dev/null || { echo "not checked: $arch"; continue; }
  ccdll_as $arch
  mkdir -p "$WORK/$arch" && cd "$WORK/$arch" || exit 1
  cp -R "$WORK/zlib" src && cd src || exit 1
  CHOST=$t CC=$t-cc-dll CFLAGS="-O2 -DZLIB_WINAPI" ./configure > configure.out 2>&1 ||
    { bad "$arch: configure"; tail configure.out; continue; }
  # zlib.def: the functions of zlib.h, comments stripped (-fpreprocessed
  # keeps the macros), in the header's order.
  { echo "EXPORTS"
    "$t-gcc" -fpreprocessed -dD -E zlib.h | grep -o 'ZEXPORT\(VA\)\? *[A-Za-z_0-9]* *\(OF\|Z_ARG\)' |
      awk '!seen[$2]++ { print "  " $2 }'
  } > zlib.def
  make -j2 SHAREDLIBV=zlibwapi.dll SHAREDLIB=libz.so SHAREDLIBM=libz.so.1 LDSHAREDLIBC=zlib.def \
    zlibwapi.dll example.o minigzip.o > make.out 2>&1 ||
    { bad "$arch: make"; tail make.out; continue; }
  ok "$arch: zlib's configure and make with cc-dll ($(def_names zlib.def | wc -l) functions in zlib.def)"
  objs=$(printf 'print:\n\t@echo $(OBJS)\n' | make -s -f Makefile -f - print)

  # cc-dll's .def pair: zlib.def's names, decorated as the objects say,
  # numbered by name.
  cd .. && decorated_defs src/zlib.def hand $(for o in $objs; do echo src/$o; done)
  for form in i e; do
    { printf 'LIBRARY zlibwapi.dll\nEXPORTS\n'
      awk '/^[ \t]*EXPORTS/ { e = 1; next } e { n = $1; sub(/[=@].*/, "", n); print n, $1 }' hand_$form.def |
        LC_ALL=C sort | awk '{ printf "  %s @%d\n", $2, NR }'
    } > want_$form.def
    same "$arch: zlibwapi_$form.def" want_$form.def src/zlibwapi_$form.def
  done
  [ $arch = x86_64 ] || grep -q '^  deflate@8 @' src/zlibwapi_i.def || bad "$arch: deflate is not deflate@8"

  # The recipe, on the same objects: x86_64 with zlib.def; i686 with
  # zlib.def (plain) and with the seed text's decorated pair (seed).
  if [ $arch = x86_64 ]; then ways=plain; else ways="plain seed"; fi
  for way in $ways; do
    mkdir -p $way && cd $way || exit 1
    if [ $way = plain ]; then edef=../src/zlib.def idef=../src/zlib.def; else edef=../hand_e.def idef=../hand_i.def; fi
    recipe $arch zlibwapi.dll $edef $idef libzlibwapi.a $(for o in $objs; do echo ../src/$o; done) ||
      { bad "$arch $way: the recipe"; tail recipe.log; cd ..; continue; }
    exports ../src/zlibwapi.dll > ccdll.exports
    exports zlibwapi.dll > recipe.exports
    same "$arch $way: recipe and cc-dll export the same names and ordinals" ccdll.exports recipe.exports
    targets ../src/zlibwapi.dll > ccdll.targets
    targets zlibwapi.dll > recipe.targets
    same "$arch $way: each export reaches the same function" ccdll.targets recipe.targets
    [ "$(dll_name zlibwapi.dll)" = "$(dll_name ../src/zlibwapi.dll)" ] && [ "$(dll_name zlibwapi.dll)" = zlibwapi.dll ] ||
      bad "$arch $way: DLL names $(dll_name ../src/zlibwapi.dll) and $(dll_name zlibwapi.dll)"
    implib_symbols ../src/libzlibwapi.dll.a > ccdll.symbols
    implib_symbols libzlibwapi.a > recipe.symbols
    if [ $arch = i686 ] && [ $way = plain ]; then
      sed 's/@[0-9]*$//' ccdll.symbols | LC_ALL=C sort > ccdll.killed
      same "$arch $way: the recipe's import library has cc-dll's symbols without @nn" ccdll.killed recipe.symbols
    else
      same "$arch $way: the same import symbols" ccdll.symbols recipe.symbols
    fi
    cd ..
  done
  grep -q '^_deflate@8$' plain/ccdll.symbols 2>/dev/null || [ $arch = x86_64 ] || bad "$arch: no _deflate@8 in cc-dll's import library"

  # A client of every function, linked against each import library.
  def_names src/zlib.def > names.txt
  sed 's/^[0-9]* //' plain/ccdll.exports > exported.txt
  same "$arch: the DLL exports zlib.def's names" names.txt exported.txt
  # The client takes the functions zlib.h declares for MinGW: all but the
  # seven *64 ones (gzseek64, adler32_combine64, ...), declared only under
  # Z_LARGE64, which needs _LFS64_LARGEFILE. Three of them are where GCC's
  # stdcall decoration goes wrong on i686: adler32_combine64,
  # crc32_combine64 and crc32_combine_gen64 are K&R definitions with no
  # prototype in scope (gzguts.h declares the gz*64 ones), and GCC names
  # them @0 while they pop 12, 12 and 4 bytes. cc-dll, GNU ld's fixup and
  # the seed's .def all take the objects' word for it (want_i.def above).
  "$t-gcc" -DZLIB_WINAPI -Isrc -E -x c src/zlib.h | tr -c 'A-Za-z0-9_' '\n' | LC_ALL=C sort -u |
    LC_ALL=C comm -12 - names.txt > declared.txt
  all_client zlib.h declared.txt > all.c
  "$t-gcc" -O2 -DZLIB_WINAPI -Isrc -c all.c || { bad "$arch: all.c"; continue; }
  if [ $arch = x86_64 ]; then recipe_lib=plain/libzlibwapi.a; else recipe_lib=seed/libzlibwapi.a; fi
  for lib in ccdll-gnu:src/libzlibwapi.dll.a recipe-gnu:$recipe_lib ccdll-lld:src/libzlibwapi.dll.a; do
    name=${lib%%:*} file=${lib#*:}
    case $name in *lld) link_lld $arch all-$name.exe all.o "$file" ;; *) link_gnu $arch all-$name.exe all.o "$file" ;; esac ||
      { bad "$arch $name: the client of every function does not link"; continue; }
    imports all-$name.exe zlibwapi.dll > imports-$name.txt
    same "$arch $name: the client imports all $(wc -l < declared.txt) functions by name from zlibwapi.dll" declared.txt imports-$name.txt
  done
  if [ $arch = i686 ]; then
    if link_gnu $arch all-plain.exe all.o plain/libzlibwapi.a 2>/dev/null; then
      bad "$arch plain: a stdcall client links against the recipe's undecorated import library"
    else
      ok "$arch plain: a stdcall client does not link against the recipe's undecorated import library"
    fi
  fi

  # i686, zlib with ZLIB_DLL as well and no .def: zconf.h declares each
  # function of zlib.h __declspec(dllexport) while zlib is compiled
  # (ZLIB_INTERNAL), and cc-dll takes the exports from the objects (the
  # GCC plugin's records). 86 exports, zlib.def's 89 less the three K&R
  # *64 functions above, which no declaration marks. The reference is GNU
  # ld with --kill-at on the same objects: the same exports, but its
  # --out-implib import library has undecorated symbols (_deflateEnd,
  # __imp__deflateEnd: cc-dll's without @nn), which a client compiled with
  # ZLIB_DLL (dllimport: __imp__deflateEnd@4) does not link to; against
  # cc-dll's it does, with GNU ld and lld.
  if [ $arch = i686 ]; then
    mkdir -p dllexport && cd dllexport && cp -R "$WORK/zlib" src && cd src || exit 1
    { CHOST=$t CC=$t-cc-dll CFLAGS="-O2 -DZLIB_WINAPI -DZLIB_DLL" ./configure &&
        make -j2 SHAREDLIBV=zlibwapi.dll SHAREDLIB=libz.so SHAREDLIBM=libz.so.1 zlibwapi.dll; } \
      > make.out 2>&1 || { bad "$arch dllexport: configure and make"; tail make.out; cd ../..; continue; }
    objs=$(printf 'print:\n\t@echo $(OBJS)\n' | make -s -f Makefile -f - print)
    "$t-gcc" -shared -o ld.dll $objs -Wl,--kill-at -Wl,--out-implib=libld.dll.a > ld.out 2>&1 ||
      { bad "$arch dllexport: GNU ld"; tail ld.out; cd ../..; continue; }
    exports zlibwapi.dll > ccdll.exports
    exports ld.dll > ld.exports
    grep -v -e ' adler32_combine64$' -e ' crc32_combine64$' -e ' crc32_combine_gen64$' ../../plain/ccdll.exports |
      sed 's/^[0-9]* //' > want.names
    sed 's/^[0-9]* //' ccdll.exports > got.names
    same "$arch dllexport: cc-dll exports zlib.def's names but the three K&R ones" want.names got.names
    same "$arch dllexport: GNU ld --kill-at and cc-dll export the same names and ordinals" ld.exports ccdll.exports
    targets zlibwapi.dll > ccdll.targets
    targets ld.dll > ld.targets
    same "$arch dllexport: each export reaches the same function" ld.targets ccdll.targets
    implib_symbols libzlibwapi.dll.a > ccdll.symbols
    implib_symbols libld.dll.a > ld.symbols
    grep -v -e combine64 -e combine_gen64 ../../plain/ccdll.symbols > want.symbols
    same "$arch dllexport: the import symbols of the .def build but the three" want.symbols ccdll.symbols
    sed 's/@[0-9]*$//' ccdll.symbols | LC_ALL=C sort > ccdll.killed
    same "$arch dllexport: GNU ld's import library has cc-dll's symbols without @nn" ccdll.killed ld.symbols
    "$t-gcc" -DZLIB_WINAPI -DZLIB_DLL -E -x c zlib.h | tr -c 'A-Za-z0-9_' '\n' | LC_ALL=C sort -u |
      LC_ALL=C comm -12 - got.names > declared.txt
    all_client zlib.h declared.txt > all.c
    "$t-gcc" -O2 -DZLIB_WINAPI -DZLIB_DLL -c all.c && llvm-nm all.o | grep -q ' U __imp__deflateEnd@4$' ||
      bad "$arch dllexport: all.c does not call through __imp__deflateEnd@4"
    for linker in gnu lld; do
      link_$linker $arch all-$linker.exe all.o libzlibwapi.dll.a ||
        { bad "$arch dllexport $linker: a dllimport client does not link"; continue; }
      imports all-$linker.exe zlibwapi.dll > imports-$linker.txt
      same "$arch dllexport $linker: a dllimport client imports all $(wc -l < declared.txt) by name" \
        declared.txt imports-$linker.txt
    done
    if link_gnu $arch all-ld.exe all.o libld.dll.a 2>/dev/null; then
      bad "$arch dllexport: a dllimport client links against GNU ld's --kill-at import library"
    else
      ok "$arch dllexport: a dllimport client does not link against GNU ld's --kill-at import library"
    fi
    cd ../..
  fi

  # zlib's test programs, through cc-dll's import library, run under wine.
  [ $arch = x86_64 ] || continue
  command -v wine >/dev/null || { echo "not run: $arch (no wine)"; continue; }
  cd src || exit 1
  head -c 300000 zlib.3.pdf > input && cat ChangeLog >> input
  gzip -c input > input.gz
  for linker in gnu lld; do
    for prog in example minigzip; do
      link_$linker $arch $prog-$linker.exe $prog.o libzlibwapi.dll.a ||
        { bad "$arch $linker: $prog does not link"; continue 2; }
      [ "$(import_dlls $prog-$linker.exe | grep -ci zlib)" = 1 ] && import_dlls $prog-$linker.exe | grep -qx zlibwapi.dll ||
        bad "$arch $linker: $prog does not import zlibwapi.dll"
    done
    run_win $arch example-$linker.exe > example.out 2>&1
    st=$?
    flags=$(sed -n 's/.*compile flags = \(0x[0-9a-f]*\).*/\1/p' example.out)
    if [ $st -eq 0 ] && grep -q 'inflate with dictionary: hello, hello!' example.out && [ $((${flags:-0} & 0x400)) != 0 ]; then
      ok "$arch $linker: example runs (the WINAPI zlibwapi.dll: compile flags $flags)"
    else
      bad "$arch $linker: example exits with $st"; cat example.out
    fi
    run_win $arch minigzip-$linker.exe < input > out.gz 2> minigzip.err &&
      gzip -dc out.gz | cmp -s - input &&
      run_win $arch minigzip-$linker.exe -d < input.gz > out 2>> minigzip.err && cmp -s out input &&
      ok "$arch $linker: minigzip compresses and decompresses (against gzip)" ||
      { bad "$arch $linker: minigzip"; head minigzip.err; }
  done
done
finish
