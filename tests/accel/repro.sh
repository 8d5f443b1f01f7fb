# repro.sh CC_DLL WORK - the same build in two directories gives the same
# DLL, import library and .def pair, for i686 and x86_64:
#
#  - make in a/ and in a/longer/path/b/ (relative source names, as a
#    project's Makefile has them);
#  - make from out/ with the sources named by absolute paths
#    (make -f /DIR/src/Makefile SRC=/DIR/src): the objects hold the paths
#    (the .file symbol, and the plugin's records name their source file),
#    the DLL, the import library and the .def pair do not, and the DLL has
#    no .ccdll section (the linker drops it: IMAGE_SCN_LNK_REMOVE);
#  - the DLL named by its absolute path (-o /DIR/lib.dll): GNU ld's
#    automatic image base (--enable-auto-image-base, gcc's default for
#    DLLs) is a hash of the output name as written, so lib.dll, ./lib.dll
#    and /DIR/lib.dll get different image bases and the DLLs differ; a
#    "note:" says so. With -Wl,--disable-auto-image-base they are the same;
#  - with -g, GCC writes the build directory into the DWARF
#    (DW_AT_comp_dir, and the line table's include_directories[0]), so the
#    DLLs differ; that is printed as a "note:" and not checked. With -g -ffile-prefix-map=DIR=. the DLLs are the same
#    again. The import libraries are the same either way.
ccdll=$1 WORK=$2
ACCEL=$(cd "$(dirname "$0")" && pwd)
. "$ACCEL/../common.sh"
. "$ACCEL/lib.sh"
need make
start
setup

# holds FILE STRING: FILE contains STRING.
holds() { grep -q -F "$2" "$1"; }

for arch in $ARCHS; do
  cc=$(cc_of $arch)
  a=$WORK/$arch/a b=$WORK/$arch/a/longer/path/b
  fixture $a && fixture $b || exit 1
  build $a "$cc" && build $b "$cc" || { bad "$arch: the builds in two directories"; continue; }
  same_outputs "$arch: relative sources, two directories" $a $b

  # Absolute source names.
  for d in $a $b; do
    mkdir -p $d/abs && build $d/abs "$cc" -f $d/Makefile SRC=$d || bad "$arch: the build in $d/abs"
  done
  same_outputs "$arch: absolute sources, two directories" $a/abs $b/abs
  holds $a/abs/obj/stdcall.o "$a/stdcall.c" && ok "$arch: the objects hold their source's path" ||
    bad "$arch: $a/stdcall.c is not in stdcall.o"
  if [ -n "$(plugin_used "$cc")" ]; then
    "$(triple $arch)-objcopy" --dump-section .ccdll=records.bin $a/abs/obj/stdcall.o 2>/dev/null &&
      holds records.bin "\"file\":\"$a/stdcall.c\"" && ok "$arch: the plugin's records name the source by its path" ||
      bad "$arch: the records of stdcall.o do not name $a/stdcall.c"
  fi
  leaked=
  for f in $(outputs lib); do holds $a/abs/$f "$a" && leaked="$leaked $f"; done
  [ -z "$leaked" ] && ok "$arch: no path in the DLL, the import library and the .def pair" ||
    bad "$arch: $a is in$leaked"
  "$(triple $arch)-objdump" -h $a/abs/lib.dll | grep -q ' \.ccdll ' && bad "$arch: lib.dll has a .ccdll section" ||
    ok "$arch: lib.dll has no .ccdll section"

  # The DLL by its absolute path.
  for d in $a $b; do
    (cd $d && "$cc" -shared -o $d/abs/abs.dll obj/*.o -lstdc++ &&
      "$cc" -shared -o $d/abs/fixed.dll obj/*.o -lstdc++ -Wl,--disable-auto-image-base) || bad "$arch: -o $d/abs/abs.dll"
  done
  if cmp -s $a/abs/abs.dll $b/abs/abs.dll; then echo "note: $arch: -o /DIR/abs.dll gives the same DLL in two directories"
  else echo "note: $arch: -o /DIR/abs.dll gives different DLLs in two directories: ImageBase" \
    $(for d in $a $b; do "$(triple $arch)-objdump" -p $d/abs/abs.dll | awk '$1 == "ImageBase" { print $2 }'; done); fi
  same "$arch: -o /DIR/fixed.dll -Wl,--disable-auto-image-base, two directories" $a/abs/fixed.dll $b/abs/fixed.dll
  same "$arch: -o /DIR/abs.dll, the import libraries" $a/abs/libabs.dll.a $b/abs/libabs.dll.a

  # Debug information.
  for d in $a $b; do
    build $d "$cc" O=gobj DLLS=g.dll CFLAGS="-O2 -g" CXXFLAGS="-O2 -g -fno-exceptions" &&
      build $d "$cc" O=mobj DLLS=m.dll CFLAGS="-O2 -g -ffile-prefix-map=$d=." \
        CXXFLAGS="-O2 -g -fno-exceptions -ffile-prefix-map=$d=." || bad "$arch: the -g builds in $d"
  done
  if cmp -s $a/g.dll $b/g.dll; then echo "note: $arch: with -g, the DLLs are the same"
  else echo "note: $arch: with -g, the DLLs differ (the build directory is in g.dll: $(holds $a/g.dll "$a" && echo yes || echo no))"; fi
  same "$arch: with -g, the import libraries" $a/libg.dll.a $b/libg.dll.a
  same_outputs "$arch: -g -ffile-prefix-map=DIR=., two directories" $a $b m
done
no_leftovers "builds" $ARCHS
finish
