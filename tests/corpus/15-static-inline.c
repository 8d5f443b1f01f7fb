// Only what is exported is recorded: static, inline and plain functions
// beside the exported ones are not.
#define API __declspec(dllexport)
static int helper(int a) { return a * 2; }
static inline int tiny(int a) { return a + 1; }
int not_exported(int a) { return helper(a); }
API int __stdcall uses_helpers(int a) { return tiny(helper(a)); }
