/* own_dllmain.c - a DllMain of the user's own, for driver.sh: in an object
   beside hooks (cc-dll warns that they do nothing) or in a static library
   (the link takes it, not the runtime's). */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved) {
  (void)module, (void)reason, (void)reserved;
  return TRUE;
}
