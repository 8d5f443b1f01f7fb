/* client.c - imports by name from kernel32 and lib.dll, by ordinal from
   lib.dll (Hidden1, @20, through lib.def's import library). */
#include <windows.h>
__declspec(dllimport) int CdeclFn(int);
__declspec(dllimport) int Hidden1(void);
int main(void) { Sleep(0); GetTickCount(); return CdeclFn(1) + Hidden1(); }
