// Defines what 32-mixed-header.h declares, built with MIXED_BUILD.
#define MIXED_BUILD
#include "32-mixed-header.h"
int mixed_errno;
int __stdcall mixed_open(const char *name, int mode) { return name[0] + mode; }
void __stdcall mixed_close(int h) { (void)h; }
int __fastcall mixed_read(int h, void *buf, unsigned n) { return h + (buf != 0) + (int)n; }
