/* fastcall.c - __fastcall exports: @FastSum@12, @FastWide@8. */
#include "accel.h"

int __fastcall FastSum(int a, int b, int c) { return a + b + c; }

long long __fastcall FastWide(long long v) { return v * 3; }
