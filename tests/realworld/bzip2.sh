# bzip2.sh CC_DLL WORK - libbzip2, from Debian's source package, built as a
# DLL by its own Makefile with cc-dll as the compiler, for x86_64 and i686.
# bzlib.h declares its API WINAPI on _WIN32 (BZ_API(func) is `WINAPI func`
# while BZ_EXPORT is defined, which it is unless BZ_IMPORT), and the source
# has the DLL's .def, libbz2.def (LIBRARY LIBBZ2, 24 plain names, CRLF
# line ends, which cc-dll reads as they are):
#
#   make -f Makefile -f win.mk CC=x86_64-w64-mingw32-cc-dll \
#     libbz2.dll bzip2.o
#
# The DLL, cc-dll's .def pair and import library are compared with the
# classic recipe of the seed text on the same objects and libbz2.def; a
# client of every function links against both import libraries; the bzip2
# program is linked through cc-dll's import library by GNU ld and lld and
# runs the Makefile's `test` steps under wine (x86_64).
#
# What the build adds to the library's own, and why:
# - win.mk, one rule: bzip2's Makefiles build a static library and an ELF
#   shared library (-Wl,-soname, -lc); for Windows it has only MSVC files
#   (makefile.msc, libbz2.dsp). The rule links the Makefile's $(OBJS) with
#   libbz2.def, as libbz2.dsp does. Objects and bzip2.o come from the
#   Makefile's own rules and flags.
# - The import library of libbz2.dll is libbz2.dll.a (cc-dll's name for a
#   DLL whose name begins with lib), which the Makefile's `-L. -lbz2`
#   finds before the static libbz2.a that its `all` builds.
#
# What the comparison finds, and what is checked exactly:
# - Exports: the same 24 names and ordinals (numbered by name), each at the
#   DLL's own symbol of that function.
# - Import libraries: the same thunks and __imp_ pointers.
# - The DLL's name, in its export directory and in its import library:
#   cc-dll takes the .def's LIBRARY line, LIBBZ2.dll in both (as GNU ld
#   does with the .def and --out-implib); the recipe takes dlltool's
#   --dllname, libbz2.dll in both. Windows matches DLL names without case,
#   so either loads the same file; the test checks each spelling.
# - i686, the recipe with libbz2.def as it is: the exports are the same (GNU
#   ld's stdcall fixup), the import library has cc-dll's symbols without their
#   @nn (_BZ2_bzRead, where callers of bzlib.h want _BZ2_bzRead@16), and a
#   client does not link; with the seed text's decorated pair (made here
#   from the objects' symbols) the recipe gives cc-dll's symbols exactly.
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
. "$SRC/../common.sh"
. "$SRC/lib.sh"
need llvm-readobj llvm-nm llvm-objdump clang make cmp
start
debian_source bzip2 "$WORK/bzip2"

for arch in x86_64 i686; do
  t=$(triple $arch)
  command -v "$t-gcc" >/dev/null && command -v "$t-dlltool" >/dev/null || { echo "not checked: $arch"; continue; }
  ccdll_as $arch
  mkdir -p "$WORK/$arch" && cd "$WORK/$arch" || exit 1
  cp -R "$WORK/bzip2" src && cd src || exit 1
  printf '%s\n' '# win.mk - the DLL of the Makefile'"'"'s objects and libbz2.def (see bzip2.sh).' \
    'libbz2.dll: $(OBJS) libbz2.def' '	$(CC) -shared $(LDFLAGS) -o $@ $(OBJS) libbz2.def' \
    'print:' '	@echo $(OBJS)' > win.mk
  make -f Makefile -f win.mk -j2 CC=$t-cc-dll AR=$t-ar \
    libbz2.dll bzip2.o > make.out 2>&1 || { bad "$arch: make"; tail make.out; continue; }
  ok "$arch: bzip2's Makefile with cc-dll ($(def_names libbz2.def | wc -l) functions in libbz2.def)"
  objs=$(make -s -f Makefile -f win.mk print)

  # cc-dll's .def pair: libbz2.def's names, decorated as the objects say,
  # numbered by name, under the .def's LIBRARY name.
  cd .. && decorated_defs src/libbz2.def hand $(for o in $objs; do echo src/$o; done)
  for form in i e; do
    { printf 'LIBRARY LIBBZ2\nEXPORTS\n'
      awk '/^[ \t]*EXPORTS/ { e = 1; next } e { n = $1; sub(/[=@].*/, "", n); print n, $1 }' hand_$form.def |
        LC_ALL=C sort | awk '{ printf "  %s @%d\n", $2, NR }'
    } > want_$form.def
    same "$arch: libbz2_$form.def" want_$form.def src/libbz2_$form.def
  done
  [ $arch = x86_64 ] || grep -q '^  BZ2_bzRead@16 @' src/libbz2_i.def || bad "$arch: BZ2_bzRead is not BZ2_bzRead@16"

  if [ $arch = x86_64 ]; then ways=plain; else ways="plain seed"; fi
  for way in $ways; do
    mkdir -p $way && cd $way || exit 1
    if [ $way = plain ]; then edef=../src/libbz2.def idef=../src/libbz2.def; else edef=../hand_e.def idef=../hand_i.def; fi
    recipe $arch libbz2.dll $edef $idef libbz2.a $(for o in $objs; do echo ../src/$o; done) ||
      { bad "$arch $way: the recipe"; tail recipe.log; cd ..; continue; }
    exports ../src/libbz2.dll > ccdll.exports
    exports libbz2.dll > recipe.exports
    same "$arch $way: recipe and cc-dll export the same names and ordinals" ccdll.exports recipe.exports
    targets ../src/libbz2.dll > ccdll.targets
    targets libbz2.dll > recipe.targets
    same "$arch $way: each export reaches the same function" ccdll.targets recipe.targets
    [ "$(dll_name ../src/libbz2.dll)" = LIBBZ2.dll ] && [ "$(dll_name libbz2.dll)" = libbz2.dll ] ||
      bad "$arch $way: DLL names $(dll_name ../src/libbz2.dll) and $(dll_name libbz2.dll), not LIBBZ2.dll and libbz2.dll"
    implib_symbols ../src/libbz2.dll.a > ccdll.symbols
    implib_symbols libbz2.a > recipe.symbols
    if [ $arch = i686 ] && [ $way = plain ]; then
      sed 's/@[0-9]*$//' ccdll.symbols | LC_ALL=C sort > ccdll.killed
      same "$arch $way: the recipe's import library has cc-dll's symbols without @nn" ccdll.killed recipe.symbols
    else
      same "$arch $way: the same import symbols" ccdll.symbols recipe.symbols
    fi
    cd ..
  done

  # A client of every function, linked against each import library.
  def_names src/libbz2.def > names.txt
  sed 's/^[0-9]* //' plain/ccdll.exports > exported.txt
  same "$arch: the DLL exports libbz2.def's names" names.txt exported.txt
  all_client bzlib.h names.txt > all.c
  "$t-gcc" -O2 -Isrc -c all.c || { bad "$arch: all.c"; continue; }
  if [ $arch = x86_64 ]; then recipe_lib=plain/libbz2.a; else recipe_lib=seed/libbz2.a; fi
  for lib in ccdll-gnu:src/libbz2.dll.a:LIBBZ2.dll recipe-gnu:$recipe_lib:libbz2.dll ccdll-lld:src/libbz2.dll.a:LIBBZ2.dll; do
    name=${lib%%:*} rest=${lib#*:}
    file=${rest%:*} dll=${rest#*:}
    case $name in *lld) link_lld $arch all-$name.exe all.o "$file" ;; *) link_gnu $arch all-$name.exe all.o "$file" ;; esac ||
      { bad "$arch $name: the client of every function does not link"; continue; }
    imports all-$name.exe $dll > imports-$name.txt
    same "$arch $name: the client imports all $(wc -l < names.txt) functions by name" names.txt imports-$name.txt
    import_dlls all-$name.exe | grep -qx "$dll" || bad "$arch $name: the client does not import from $dll: $(import_dlls all-$name.exe)"
  done
  if [ $arch = i686 ]; then
    if link_gnu $arch all-plain.exe all.o plain/libbz2.a 2>/dev/null; then
      bad "$arch plain: a stdcall client links against the recipe's undecorated import library"
    else
      ok "$arch plain: a stdcall client does not link against the recipe's undecorated import library"
    fi
  fi

  # The bzip2 program, as the Makefile links it (-L. -lbz2), and the
  # Makefile's `test` steps, run under wine.
  [ $arch = x86_64 ] || continue
  command -v wine >/dev/null || { echo "not run: $arch (no wine)"; continue; }
  cd src || exit 1
  for linker in gnu lld; do
    link_$linker $arch bzip2-$linker.exe bzip2.o -L. -lbz2 || { bad "$arch $linker: bzip2 does not link"; continue; }
    import_dlls bzip2-$linker.exe | grep -qx LIBBZ2.dll || bad "$arch $linker: bzip2 does not import LIBBZ2.dll"
    rm -f sample*.rb2 sample*.tst
    { run_win $arch bzip2-$linker.exe -1 < sample1.ref > sample1.rb2 &&
        run_win $arch bzip2-$linker.exe -2 < sample2.ref > sample2.rb2 &&
        run_win $arch bzip2-$linker.exe -3 < sample3.ref > sample3.rb2 &&
        run_win $arch bzip2-$linker.exe -d < sample1.bz2 > sample1.tst &&
        run_win $arch bzip2-$linker.exe -d < sample2.bz2 > sample2.tst &&
        run_win $arch bzip2-$linker.exe -ds < sample3.bz2 > sample3.tst
    } 2> run.err
    st=$?
    if [ $st -eq 0 ] && cmp sample1.bz2 sample1.rb2 && cmp sample2.bz2 sample2.rb2 && cmp sample3.bz2 sample3.rb2 &&
        cmp sample1.tst sample1.ref && cmp sample2.tst sample2.ref && cmp sample3.tst sample3.ref; then
      ok "$arch $linker: bzip2 compresses sample1-3.ref to sample1-3.bz2 and back"
    else
      bad "$arch $linker: bzip2 (exit status $st)"; head run.err
    fi
  done
done
finish
