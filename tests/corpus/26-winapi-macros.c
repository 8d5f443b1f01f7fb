// The Windows SDK's own macros: WINAPI, CALLBACK, APIENTRY and its types.
#include <windows.h>
__declspec(dllexport) BOOL WINAPI win_check(HWND hwnd, UINT msg, WPARAM w, LPARAM l) { return hwnd && msg && w && l; }
__declspec(dllexport) LRESULT CALLBACK win_proc(HWND hwnd, UINT msg, WPARAM w, LPARAM l) { return DefWindowProcA(hwnd, msg, w, l); }
__declspec(dllexport) DWORD APIENTRY win_thread(LPVOID param) { return param != NULL; }
__declspec(dllexport) HRESULT STDAPICALLTYPE win_rect(RECT r, POINT p, LARGE_INTEGER li) { return r.left + p.x + (LONG)li.QuadPart; }
__declspec(dllexport) DWORD win_data = 7;
