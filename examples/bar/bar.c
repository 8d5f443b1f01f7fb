/* bar.c - the classic example: two stdcall functions, no dllexport and no
   .def. On i386 they are the symbols _Foo@4 and _Bar@4; cc-dll exports
   them as Foo and Bar:

     i686-w64-mingw32-cc-dll -shared -o bar.dll bar.c

   writes bar.dll, bar_i.def (Foo@4, Bar@4), bar_e.def (Foo=Foo@4,
   Bar=Bar@4) and libbar.dll.a. */
#include "bar.h"

int __stdcall Foo(int x) { return x + 1; }
int __stdcall Bar(int x) { return x * 2; }
