/* bar.h - what bar.dll exports: two stdcall functions. A client compiled
   against it calls _Foo@4 and _Bar@4 (on i386), which the import library
   libbar.dll.a links to bar.dll's exports Foo and Bar. */
#ifndef BAR_H
#define BAR_H
int __stdcall Foo(int x);
int __stdcall Bar(int x);
#endif
