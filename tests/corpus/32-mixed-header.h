// A header alone: the declarations a library exports (the scanner reads
// headers; the plugin sees them in 32-mixed-header.c, which defines them).
#ifndef MIXED_HEADER_H
#define MIXED_HEADER_H
#ifdef MIXED_BUILD
#define MIXED_API __declspec(dllexport)
#else
#define MIXED_API __declspec(dllimport)
#endif
MIXED_API int __stdcall mixed_open(const char *name, int mode);
MIXED_API void __stdcall mixed_close(int h);
MIXED_API int __fastcall mixed_read(int h, void *buf, unsigned n);
MIXED_API extern int mixed_errno;
#endif
