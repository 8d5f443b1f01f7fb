/* lib.c - lib.dll of header.sh. */
#include "lib.h"
int __stdcall NoArgs(void) { return 1; }
int __stdcall Two(int a, int b) { return a + b; }
int __fastcall Fast(int a, int b, int c) { return a + b + c; }
int __fastcall FastLL(long long a) { return (int)a; }
int Plain(int a) { return a; }
int Data = 3;
