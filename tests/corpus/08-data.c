// Exported data of several kinds: scalars, arrays, structs, const, pointers.
#define API __declspec(dllexport)
struct cfg { int a; const char *name; };
API int counter = 1;
API const int limit = 10;
API char buffer[64];
API struct cfg config = {1, "x"};
API int (*hook)(int);
API const char *const names[] = {"a", "b"};
