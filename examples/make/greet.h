/* greet.h - what greet.dll exports (GREET_API: dllexport while the DLL is
   built, with -DGREET_BUILDING; dllimport in its clients). On i386
   greet_hello is the stdcall symbol _greet_hello@8, exported as
   greet_hello; greet_count is cdecl. */
#ifndef GREET_H
#define GREET_H

#ifdef GREET_BUILDING
#define GREET_API __declspec(dllexport)
#else
#define GREET_API __declspec(dllimport)
#endif

GREET_API int __stdcall greet_hello(char *buf, int size);   /* stdcall: greet_hello@8 */
GREET_API int greet_count(void);                            /* cdecl */

#endif
