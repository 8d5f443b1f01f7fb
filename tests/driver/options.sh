# options.sh CC_DLL WORK - cc-dll's command line, i686 (decorations show):
#  - modes: -c (the object carries the plugin's .ccdll records, when a
#    plugin was built), -S, -E (what gcc -E writes), a non-DLL link;
#  - the compiler from the name cc-dll is called under, and $CCDLL_CC;
#  - @response files; -v prints each command; --dry-run runs none;
#  - export policies (decorated, both), --ccdll-implib, -Wl,--out-implib,
#    --ccdll-no-implib, -Wl,--output-def, --ccdll-exp, --ccdll-lld-def;
#  - without dllexport: GNU ld's auto-export list (with --kill-at);
#  - the same inputs give byte-identical outputs;
#  - errors: a source that does not compile (the compiler's errors, the
#    failed command and its status, exit 1, earlier outputs untouched),
#    bad DllMains, usage errors (exit 2).
ccdll=$1 WORK=$2
SRC=$(cd "$(dirname "$0")" && pwd)
BAR=$SRC/../../examples/bar
. "$SRC/../common.sh"
need i686-w64-mingw32-gcc llvm-readobj llvm-nm
start
cc=i686-w64-mingw32-gcc
cp "$BAR/bar.c" "$BAR/bar.h" .
dll_names() { llvm-readobj --coff-exports "$1" | sed -n 's/^ *Name: //p' | LC_ALL=C sort | tr '\n' ' '; }
expect() {   # WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: '$3', expected '$2'"; fi
}

# Modes.
"$ccdll" --ccdll-cc=$cc -c -o bar.o bar.c && llvm-readobj --file-headers bar.o | grep -q IMAGE_FILE_MACHINE_I386 &&
  ok "-c: an i386 object" || bad "-c"
if [ -n "$(ls "$(dirname "$ccdll")"/../plugin/gcc/i686-w64-mingw32-*/ccdll.so 2>/dev/null)" ]; then
  printf '__declspec(dllexport) int __stdcall Exp(int x) { return x; }\n' > exp.c
  "$ccdll" --ccdll-cc=$cc -c exp.c && llvm-readobj --sections exp.o | grep -q 'Name: .ccdll' &&
    ok "-c: the object has the plugin's .ccdll records" || bad "-c: no .ccdll section"
  "$ccdll" --ccdll-cc=$cc -S -o exp.s exp.c && grep -q '\.section.*\.ccdll' exp.s && ok "-S: the records in the assembly" ||
    bad "-S"
else
  echo "not checked: the plugin's records (no i686 plugin built)"
fi
$cc -E bar.c > gcc.i && "$ccdll" --ccdll-cc=$cc -E bar.c > ccdll.i && same "-E: what gcc -E writes" gcc.i ccdll.i
printf 'int __stdcall Foo(int);\nint main(void) { return Foo(1) - 2; }\n' > main.c
"$ccdll" --ccdll-cc=$cc -o main.exe main.c bar.c && [ -f main.exe ] && [ ! -f main_i.def ] &&
  ok "a program: linked as gcc links it, no .def pair" || bad "a program"

# The compiler by name and by $CCDLL_CC.
ln -sf "$ccdll" i686-w64-mingw32-cc-dll
./i686-w64-mingw32-cc-dll -c -o byname.o bar.c && llvm-readobj --file-headers byname.o | grep -q I386 &&
  ok "i686-w64-mingw32-cc-dll runs i686-w64-mingw32-gcc" || bad "the compiler by name"
CCDLL_CC=x86_64-w64-mingw32-gcc "$ccdll" -c -o byenv.o bar.c && llvm-readobj --file-headers byenv.o | grep -q AMD64 &&
  ok "\$CCDLL_CC" || bad "\$CCDLL_CC"

# Response files, nested, with quoting.
mkdir -p "dir with space" && cp bar.c bar.h "dir with space/"
printf -- '-shared "dir with space/bar.c" @rsp2\n' > rsp1
printf -- "-o 'resp.dll' -O2\n" > rsp2
"$ccdll" --ccdll-cc=$cc @rsp1 && expect "@response files" "Bar Foo " "$(dll_names resp.dll)"

# -v and --dry-run.
"$ccdll" --ccdll-cc=$cc -v -shared -o v.dll bar.c 2> v.err
grep -q "^$cc .*bar.c -c -o" v.err && grep -q "^$cc -Wl,--no-insert-timestamp.*-shared" v.err &&
  ok "-v: the compile and the link command" || { bad "-v"; cat v.err; }
"$ccdll" --ccdll-cc=$cc --dry-run -shared -o dry.dll bar.c > dry.out 2>&1
[ ! -e dry.dll ] && [ ! -e dry_i.def ] && [ ! -e libdry.dll.a ] && grep -q "bar.c -c -o" dry.out &&
  ok "--dry-run: the commands, and no file" || { bad "--dry-run"; cat dry.out; }

# Policies and names.
"$ccdll" --ccdll-cc=$cc --ccdll-exports=decorated -shared -o dec.dll bar.c &&
  expect "decorated: Foo@4 and Bar@4" "Bar@4 Foo@4 " "$(dll_names dec.dll)"
"$ccdll" --ccdll-cc=$cc -Wl,--add-stdcall-alias -shared -o both.dll bar.c &&
  expect "both (-Wl,--add-stdcall-alias)" "Bar Bar@4 Foo Foo@4 " "$(dll_names both.dll)"
expect "both: the import library imports each function once" "_Bar@4 _Foo@4 " \
  "$(llvm-nm libboth.dll.a 2>/dev/null | awk '$2 == "T" && $3 !~ /^__imp_/ { print $3 }' | LC_ALL=C sort | tr '\n' ' ')"
"$ccdll" --ccdll-cc=$cc --ccdll-implib=bar.lib -shared -o named.dll bar.c && [ -f bar.lib ] && [ ! -f libnamed.dll.a ] &&
  ok "--ccdll-implib" || bad "--ccdll-implib"
"$ccdll" --ccdll-cc=$cc -shared -o wl.dll bar.c -Wl,--out-implib,wl.a && [ -f wl.a ] && [ ! -f libwl.dll.a ] &&
  ok "-Wl,--out-implib" || bad "-Wl,--out-implib"
"$ccdll" --ccdll-cc=$cc --ccdll-no-implib -shared -o noimp.dll bar.c && [ ! -f libnoimp.dll.a ] &&
  ok "--ccdll-no-implib" || bad "--ccdll-no-implib"
"$ccdll" --ccdll-cc=$cc -shared -o od.dll bar.c -Wl,--output-def=od.def --ccdll-exp=od.exp.o && cmp -s od.def od_e.def &&
  llvm-readobj --sections od.exp.o | grep -q 'Name: .edata' && ok "-Wl,--output-def and --ccdll-exp" ||
  bad "-Wl,--output-def or --ccdll-exp"
"$ccdll" --ccdll-cc=$cc --ccdll-lld-def -shared -o lldform.dll bar.c && grep -qx '  Foo @2' lldform_e.def &&
  ok "--ccdll-lld-def: plain Foo" || bad "--ccdll-lld-def"

# Objects named otherwise (libtool's .lo): what they are, by their bytes.
$cc -c -o bar.lo bar.c && "$ccdll" --ccdll-cc=$cc -shared -o lo.dll bar.lo &&
  expect "an object named .lo" "Bar Foo " "$(dll_names lo.dll)"
# A DLL named otherwise (a configure check's conftest.so): no .def pair
# and no import library left behind, unless one is asked for.
"$ccdll" --ccdll-cc=$cc -shared -o conftest.so bar.c && [ -f conftest.so ] && [ ! -e conftest_i.def ] &&
  [ ! -e libconftest.dll.a ] && ok "-o conftest.so: the DLL alone" || bad "-o conftest.so"
"$ccdll" --ccdll-cc=$cc -shared -o plugin.so bar.c -Wl,--out-implib,libplugin.a && [ -f libplugin.a ] &&
  [ -f plugin_i.def ] && ok "-o plugin.so with an import library asked for" || bad "-o plugin.so --out-implib"
# libbz2.dll's import library is libbz2.dll.a (so that -lbz2 finds it).
"$ccdll" --ccdll-cc=$cc -shared -o libbar.dll bar.c && [ -f libbar.dll.a ] && [ ! -e liblibbar.dll.a ] &&
  ok "libbar.dll: libbar.dll.a" || bad "libbar.dll's import library"

# The compiler is asked once (its answer kept in $XDG_CACHE_HOME/ccdll).
export XDG_CACHE_HOME="$WORK/cache"
"$ccdll" --ccdll-cc=$cc -c -o probe1.o bar.c && [ -n "$(ls cache/ccdll/probe 2>/dev/null)" ] &&
  "$ccdll" --ccdll-cc=$cc -c -o probe2.o bar.c && cmp -s probe1.o probe2.o && ok "the compiler's answers are kept" ||
  bad "the compiler's answers are not kept"
unset XDG_CACHE_HOME

# Auto-export: no dllexport, no .def: GNU ld's list (with --kill-at).
printf 'int __stdcall Std(int a) { return a; }\nint cfun(void) { return 1; }\nint var = 3;\nstatic int hidden(void) { return 2; }\nint use(void) { return hidden(); }\n' > auto.c
$cc -c -o auto.o auto.c && $cc -shared -o ld.dll auto.o -Wl,--kill-at && "$ccdll" --ccdll-cc=$cc -shared -o auto.dll auto.o &&
  expect "auto-export: GNU ld's list" "$(dll_names ld.dll)" "$(dll_names auto.dll)"

# Reproducible.
"$ccdll" --ccdll-cc=$cc -shared -o r1.dll bar.c && mkdir -p again && cd again && cp ../bar.c ../bar.h . &&
  "$ccdll" --ccdll-cc=$cc -shared -o r1.dll bar.c && cd .. || bad "reproducible builds"
for f in r1.dll r1_i.def r1_e.def libr1.dll.a; do cmp -s $f again/$f || bad "$f differs between two builds"; done
ok "the same inputs, byte-identical outputs"

# A source that does not compile: gcc's errors, the command, exit 1, and
# the earlier outputs left as they were.
cp bar.c good.c && "$ccdll" --ccdll-cc=$cc -shared -o keep.dll good.c && cp keep.dll keep.before &&
  cp keep_i.def keep_i.before
printf 'int __stdcall Foo(int x) { return x +; }\n' > good.c
"$ccdll" --ccdll-cc=$cc -shared -o keep.dll good.c 2> fail.err
st=$?
[ $st -eq 1 ] && grep -q "good.c:1:.*error" fail.err && grep -q "exited with status 1; the command was:" fail.err &&
  ok "a compile error: the compiler's message, the command, exit 1" || { bad "a compile error (status $st)"; cat fail.err; }
cmp -s keep.dll keep.before && cmp -s keep_i.def keep_i.before && ok "the earlier outputs are untouched" ||
  bad "the earlier outputs changed"
# A link error: the DLL the linker began is removed, the earlier one back.
printf 'int missing(int);\nint __stdcall Foo(int x) { return missing(x); }\n' > good.c
"$ccdll" --ccdll-cc=$cc -shared -o keep.dll good.c 2> link.err
st=$?
[ $st -eq 1 ] && grep -q "undefined reference to .missing" link.err && cmp -s keep.dll keep.before &&
  cmp -s keep_i.def keep_i.before && ok "a link error: exit 1, the earlier outputs untouched" ||
  { bad "a link error (status $st)"; cat link.err; }
[ -z "$(ls -a | grep '\.tmp$\|\.old$')" ] && ok "no temporary file left" || bad "temporary files left"

# DllMain.
dllmain_error() {   # WHAT SOURCE MESSAGE
  printf '%s\n' "$2" > dm.c
  rm -f dm.dll dm_i.def
  "$ccdll" --ccdll-cc=$cc -shared -o dm.dll dm.c 2> dm.err
  st=$?
  if [ $st -eq 1 ] && grep -q "^dm.c: error: $3" dm.err && [ ! -e dm.dll ] && [ ! -e dm_i.def ]; then ok "$1"
  else bad "$1 (status $st)"; cat dm.err; fi
}
dllmain_error "a cdecl DllMain" 'int DllMain(void *h, unsigned r, void *p) { return 1; }' "DllMain is not __stdcall"
dllmain_error "a DllMain with two arguments" 'int __stdcall DllMain(void *h, unsigned r) { return 1; }' \
  "DllMain takes 8 bytes of arguments, not 12"
dllmain_error "a fastcall DllMain" 'int __fastcall DllMain(void *h, unsigned r, void *p) { return 1; }' \
  "DllMain is fastcall, not __stdcall"
# GCC and clang give a global DllMain C linkage themselves; an older
# compiler mangles it. The symbol such a compiler writes:
dllmain_error "a C++ (mangled) DllMain" \
  'int __stdcall DllMain(void *h, unsigned long r, void *p) __asm__("__Z7DllMainP11HINSTANCE__mPv@12"); int __stdcall DllMain(void *h, unsigned long r, void *p) { return 1; }' \
  "DllMain has C++ linkage (its symbol is '_Z7DllMainP11HINSTANCE__mPv@12')"
printf 'int __stdcall DllMain(void *h, unsigned r, void *p) { return 1; }\n' > good_dm.c
"$ccdll" --ccdll-cc=$cc -shared -o good_dm.dll good_dm.c && ok "a right DllMain" || bad "a right DllMain"

# Usage errors.
"$ccdll" --ccdll-bogus -c bar.c 2> usage.err; st=$?
[ $st -eq 2 ] && grep -q "cc-dll: error: unknown option '--ccdll-bogus'" usage.err && ok "an unknown own option: exit 2" ||
  bad "an unknown own option (status $st)"
"$ccdll" --ccdll-exports=sometimes -c bar.c 2> usage.err; st=$?
[ $st -eq 2 ] && ok "a bad --ccdll-exports: exit 2" || bad "a bad --ccdll-exports (status $st)"
"$ccdll" --ccdll-cc=no-such-gcc -c bar.c 2> usage.err; st=$?
[ $st -eq 1 ] && grep -q "cannot run the compiler 'no-such-gcc'" usage.err && ok "a missing compiler: exit 1" ||
  { bad "a missing compiler (status $st)"; cat usage.err; }
finish
