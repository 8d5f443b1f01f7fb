// The attribute on an earlier declaration (a header's) only: the definition
// is exported all the same.
#define API __declspec(dllexport)
API int __stdcall declared_first(int a);
API extern int declared_var;
int __stdcall declared_first(int a) { return a; }
int declared_var = 3;
