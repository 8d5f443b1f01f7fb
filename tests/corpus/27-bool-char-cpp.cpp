// C++ types: bool, wchar_t, char16_t, nullptr_t and references by value.
#define API __declspec(dllexport)
extern "C" API int __stdcall cpp_types(bool b, wchar_t w, char16_t c, decltype(nullptr) n) { return b + w + c + (n == nullptr); }
extern "C" API int __stdcall cpp_refs(int &a, const double &b, int &&c) { return a + (int)b + c; }
