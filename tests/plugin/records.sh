#!/bin/sh
# records.sh PLUGINS WORKDIR [OBJECT_EXPORTS] - the GCC plugin's records
# against what the compiler itself put in the same object.
#
# cases/exports.c, vector.c and exports.cc are compiled with the i686 and
# x86_64 gcc and g++ (and their -posix builds when installed), each with
# its own plugin, at -O0 and -O2. In each object:
#  - the .ccdll section is there, marked IMAGE_SCN_LNK_REMOVE and nothing
#    else that would load it, and holds JSON Lines padded with newlines;
#  - its records name exactly the symbols of the .drectve export directives
#    (vtables and typeinfo left out), data as data, and exactly the symbols
#    listed by hand in cases/*.symbols;
#  - each symbol is defined in the object's symbol table (llvm-nm) with
#    that decoration; arg_bytes and conv agree with the decoration, name is
#    the symbol without it;
#  - each record points at the name in the source (the macro for a name a
#    macro makes) and its prototype is that line, blanks squeezed;
#  - no warning from the plugin's own check of the decorations;
#  - the core library's object reader (OBJECT_EXPORTS, a test program)
#    takes records and directives as one export each.
PLUGINS=$1 WORK=$2 object_exports=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
. "$here/lib.sh"
need_plugins
need llvm-readobj llvm-nm
start
cp "$here"/cases/* .

# expected_at NAME: the text the record of NAME points at starts with.
expected_at() {
  case $1 in
    FromMacro) echo 'EXPORTED_STDCALL(FromMacro)' ;;
    _ZNK6Widget3getEv) echo 'get() const' ;;
    _ZN6WidgetC[12]Ev) echo 'Widget() : value_(0)' ;;
    _ZN6WidgetC[12]Ei) echo 'Widget(int v)' ;;
    _ZN6WidgetD[012]Ev) echo '~Widget()' ;;
    _ZN6Widget5countE) echo 'count = 0' ;;
    _ZN6Widget3addEi3Pod) echo 'add(int a, Pod p)' ;;
    _ZThn*_N4Both1gEv | _ZN4Both1gEv) echo 'g() { return 3; }' ;;
    _ZThn*_N4BothD[01]Ev | _ZN4BothD[012]Ev) echo '~Both()' ;;
    _ZN3BoxIiEC[12]Ev) echo 'Box() : t_()' ;;
    _ZNK3BoxIiE3getEv) echo 'get() const { return t_; }' ;;
    _ZN3BoxIiE4zeroE) echo 'zero = T();' ;;
    _Z5twiceI[id]ET_S0_) echo 'twice(T x)' ;;
    _ZN2ns5ValueE) echo 'Value = 7' ;;
    _Z*) echo '' ;;   # some name: checked below
    *) echo "$1" ;;   # C, extern "C": the identifier
  esac
}

# check_object WHAT ARCH OBJ SOURCE: every check of one object.
check_object() {
  what=$1 arch=$2 obj=$3 src=$4
  if ! records "$obj" > recs.txt; then
    bad "$what: no .ccdll section"
    return
  fi
  flags=$(section_flags "$obj" .ccdll | tr '\n' ' ')
  case " $flags" in
    *" IMAGE_SCN_LNK_REMOVE "*) ;;
    *) bad "$what: .ccdll is not IMAGE_SCN_LNK_REMOVE: $flags" ;;
  esac
  case " $flags" in
    *CNT_CODE* | *CNT_INITIALIZED_DATA* | *CNT_UNINITIALIZED* | *MEM_EXECUTE*)
      bad "$what: .ccdll has flags that load it: $flags" ;;
  esac
  [ $(($(wc -c < ccdll.bin) % 4)) -eq 0 ] || bad "$what: .ccdll is not padded to 4 bytes"
  grep -v -e '^$' -e '^{"name":".*}$' ccdll.bin > junk.txt && { bad "$what: .ccdll holds more than records"; head -3 junk.txt; }

  directives "$obj" | grep -v '^_ZT[VISTC]' | sort > want.txt
  record_symbols recs.txt | sort > got.txt
  same "$what: the records name the symbols of the export directives" want.txt got.txt
  sort "$src.$arch.symbols" > hand.txt
  same "$what: the records name the symbols listed by hand" hand.txt got.txt

  llvm-nm --defined-only "$obj" | awk '{ print $NF }' > defined.txt
  n=0 errs=0
  while IFS= read -r r; do
    n=$((n + 1))
    name=$(echo "$r" | field name) sym=$(echo "$r" | field symbol) conv=$(echo "$r" | field conv)
    bytes=$(echo "$r" | field arg_bytes) kind=$(echo "$r" | field kind)
    file=$(echo "$r" | field file) line=$(echo "$r" | field line) col=$(echo "$r" | field col)
    proto=$(echo "$r" | field prototype)
    problem=
    # The symbol as the linker sees it is defined here.
    linker=$sym
    [ "$arch" = i686 ] && case $sym in @*) ;; *) linker=_$sym ;; esac
    grep -qxF -- "$linker" defined.txt || problem="$problem; $linker is not defined in the object"
    # conv and arg_bytes are those of the decoration; name is the rest.
    case $sym in
      @*@[0-9]*) want_conv=fastcall want_bytes=${sym##*@} plain=${sym#@} plain=${plain%@*} ;;
      *@[0-9]*) want_conv=stdcall want_bytes=${sym##*@} plain=${sym%@*} ;;
      *) want_conv= want_bytes=-1 plain=$sym ;;
    esac
    [ "$bytes" = "$want_bytes" ] || problem="$problem; arg_bytes $bytes, the symbol says $want_bytes"
    [ -z "$want_conv" ] || [ "$conv" = "$want_conv" ] || problem="$problem; conv $conv, the symbol says $want_conv"
    if [ -z "$want_conv" ]; then
      case $conv in stdcall | fastcall) problem="$problem; conv $conv without a decoration" ;; esac
    fi
    [ "$arch" = i686 ] || [ "$conv" = cdecl ] || [ "$conv" = none ] || problem="$problem; conv $conv on x86_64"
    [ "$name" = "$plain" ] || problem="$problem; name $name, expected $plain"
    if [ "$kind" = data ]; then [ "$conv" = none ]; else [ "$conv" != none ]; fi || problem="$problem; kind $kind with conv $conv"
    # The place: the name in the source, and its line.
    if [ ! -f "$file" ] || [ -z "$line" ] || [ -z "$col" ]; then
      problem="$problem; no place ($file:$line:$col)"
    else
      text=$(line_at "$file" "$line")
      at=$(printf '%s\n' "$text" | cut -b "$col"-)
      want_at=$(expected_at "$plain")
      if [ -n "$want_at" ]; then
        case $at in "$want_at"*) ;; *) problem="$problem; $file:$line:$col is at '$at', expected '$want_at'" ;; esac
      else
        case $at in [A-Za-z_~]*) ;; *) problem="$problem; $file:$line:$col is at '$at', not at a name" ;; esac
      fi
      [ "$proto" = "$(printf '%s\n' "$text" | squeeze)" ] || problem="$problem; prototype '$proto'"
    fi
    if [ -n "$problem" ]; then
      errs=$((errs + 1))
      bad "$what: $sym${problem}"
    fi
  done < recs.txt
  [ $n -gt 0 ] && [ $errs -eq 0 ] && ok "$what: $n records: symbols, decorations, names and places"

  if [ -n "$object_exports" ]; then
    # Records and directives together: one export each, nothing reported.
    if "$object_exports" "$obj" > merged.txt 2> merged.err && [ ! -s merged.err ]; then
      awk '{ print $1 }' merged.txt | sort | uniq -d > dups.txt
      extra=$(directives "$obj" | grep -c '^_ZT[VISTC]')
      if [ -s dups.txt ]; then
        bad "$what: object_exports lists a name twice: $(head -3 dups.txt | tr '\n' ' ')"
      elif [ "$(wc -l < merged.txt)" -ne $((n + extra)) ]; then
        bad "$what: object_exports gives $(wc -l < merged.txt) exports, expected $n records + $extra vtables/typeinfo"
      else
        ok "$what: the object reader takes each record and its directive as one export"
      fi
    else
      bad "$what: object_exports failed"
      cat merged.err
    fi
  fi
}

# compile WHAT ARCH CC SOURCE FLAGS...: compiles with the plugin of CC into
# obj.o and checks it.
compile() {
  what=$1 arch=$2 cc=$3 src=$4
  shift 4
  plugin=$(plugin_of "$cc") || { bad "$what: no plugin built for $cc"; return; }
  rm -f obj.o
  if ! "$cc" -Wall -I. -fplugin="$plugin" "$@" -c "$src" -o obj.o 2> cc.err; then
    bad "$what: does not compile"
    cat cc.err
    return
  fi
  if grep -q 'cc-dll' cc.err; then
    bad "$what: the plugin warns"
    cat cc.err
  fi
  check_object "$what" "$arch" obj.o "$src"
}

found=0
for arch in i686 x86_64; do
  t=$(triple $arch)
  sse=
  [ $arch = i686 ] && sse=-msse2
  for flavor in "" -posix; do
    command -v "$t-gcc$flavor" >/dev/null 2>&1 || continue
    found=1
    opts="-O0 -O2"
    [ -n "$flavor" ] && opts=-O2
    for o in $opts; do
      compile "$t-gcc$flavor $o exports.c" $arch "$t-gcc$flavor" exports.c $o
      command -v "$t-g++$flavor" >/dev/null 2>&1 &&
        compile "$t-g++$flavor $o exports.cc" $arch "$t-g++$flavor" exports.cc $o
    done
    compile "$t-gcc$flavor vector.c" $arch "$t-gcc$flavor" vector.c -O2 $sse
  done
done
[ $found = 1 ] || skip "no mingw-w64 gcc found"
finish
