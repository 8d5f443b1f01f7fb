#!/bin/sh
# gnu-names.sh CCDLL WORKDIR - a program linked against our kill-at import
# library asks the loader for the same names as one linked against GNU
# dlltool -k's library for the same .def (i386), and for the same ordinals.
ccdll=$1 WORK=$2
. "$(dirname "$0")/../common.sh"
need i686-w64-mingw32-gcc i686-w64-mingw32-dlltool llvm-readobj
start

cat > t.def <<'DEF'
LIBRARY testlib.dll
EXPORTS
  Foo@4
  Bar@8
  @Fast@12
  Cdecl
  Var DATA
  ByOrd @5 NONAME
DEF
cat > client.c <<'C'
int __stdcall Foo(int);
int __stdcall Bar(int, int);
int __fastcall Fast(int, int, int);
int Cdecl(int);
int ByOrd(void);
__declspec(dllimport) extern int Var;
int main(void) { return Foo(1) + Bar(2, 3) + Fast(4, 5, 6) + Cdecl(7) + ByOrd() + Var; }
C
"$ccdll" implib -m i386 -k -d t.def -l ours.a || bad "ccdll implib"
i686-w64-mingw32-dlltool -k -d t.def -l gnu.a || bad "dlltool -k"
for lib in ours gnu; do
  link_gnu i686 $lib.exe client.c $lib.a || bad "link with $lib.a"
  # names without their hints; an import by ordinal shows as "#5"
  llvm-readobj --coff-imports $lib.exe | sed -n '/Name: testlib.dll/,/^}/p' |
    sed -n -e 's/^ *Symbol:  (\([0-9]*\))$/#\1/p' -e 's/^ *Symbol: \([^ ].*\) ([0-9]*)$/\1/p' | sort > $lib.names
done
[ "$(wc -l < gnu.names)" -eq 6 ] || bad "expected 6 imports from testlib.dll"
same "import names and ordinals equal GNU dlltool -k's" gnu.names ours.names
finish
