/* lib.h - what the code of lib.dll cannot tell: a stdcall function without
   arguments (it ends in a plain ret, as cdecl does), fastcall functions
   (ret counts only what is not in registers). */
int __stdcall NoArgs(void);
int __stdcall Two(int a, int b);
int __fastcall Fast(int a, int b, int c);
int __fastcall FastLL(long long a);
int Plain(int a);
extern int Data;
