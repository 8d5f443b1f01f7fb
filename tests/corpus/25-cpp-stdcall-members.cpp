// Member functions with calling conventions: thiscall (the i386 default for
// members), stdcall and fastcall members, static stdcall ones.
#define API __declspec(dllexport)
struct API Com {
  long __stdcall QueryInterface(const void *iid, void **out);
  unsigned long __stdcall AddRef();
  static int __stdcall Create(Com **out);
  int __fastcall Fast(int a, int b);
  int Plain(int a);
};
long __stdcall Com::QueryInterface(const void *iid, void **out) { return iid == *out; }
unsigned long __stdcall Com::AddRef() { return 1; }
int __stdcall Com::Create(Com **out) { *out = 0; return 0; }
int __fastcall Com::Fast(int a, int b) { return a + b; }
int Com::Plain(int a) { return a; }
