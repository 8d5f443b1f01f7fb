/* stdcall.c - __stdcall exports: Add@8, Scale@12, Manhattan@8. */
#include "accel.h"

int __stdcall Add(int a, int b) { return a + b; }

double __stdcall Scale(double v, int by) { return v * by; }

int __stdcall Manhattan(struct Point p) { return (p.x < 0 ? -p.x : p.x) + (p.y < 0 ? -p.y : p.y); }
