/* b.c - a fastcall function and data. */
__declspec(dllexport) int __fastcall Fast(int a, int b) { return a * 10 + b; }
__declspec(dllexport) int counter = 7;
