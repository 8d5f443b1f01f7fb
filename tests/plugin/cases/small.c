/* small.c - the case whose records are written out by hand in
   small.i686.jsonl and small.x86_64.jsonl. */
#define API __declspec(dllexport)
struct Pt { short x, y, z; };

API int __stdcall Add(int a, int b) { return a + b; }
API int __fastcall  Sub(int a,   int b) { return a - b; }
API int __stdcall Mix(struct Pt p, long double d, char c) { return p.x + (int)d + c; }
API int __stdcall Log(const char *fmt, ...) { return *fmt; }
	API int Version = 3;
