/* bar.c - the classic example: two stdcall functions. On i386 they are the
   symbols _Foo@4 and _Bar@4; the DLL exports them as Foo and Bar. */
int __stdcall Foo(int x) { return x + 1; }
int __stdcall Bar(int x) { return x * 2; }
