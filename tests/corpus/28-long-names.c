// Long names (beyond the 8 bytes of a COFF short name) and digits in them.
#define API __declspec(dllexport)
API int __stdcall a_function_with_a_rather_long_name_for_the_string_table(int a) { return a; }
API int __stdcall x1(int a) { return a; }
API int __stdcall v2_open2(int a, int b) { return a + b; }
API int a_variable_with_a_rather_long_name_indeed = 3;
