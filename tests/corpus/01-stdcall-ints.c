// stdcall with integer parameters of every size: each takes 4 bytes on i386
// (char and short are promoted), long long 8.
#define API __declspec(dllexport)
API int __stdcall take_char(char c, unsigned char u) { return c + u; }
API int __stdcall take_short(short s, unsigned short u) { return s + u; }
API int __stdcall take_int(int i, unsigned u, long l) { return i + (int)u + (int)l; }
API long long __stdcall take_llong(long long a, unsigned long long b) { return a + (long long)b; }
API void __stdcall take_nothing(void) {}
