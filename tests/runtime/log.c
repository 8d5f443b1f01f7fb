/* log.c - log.dll (see log.h). It has a DllMain of its own, so cc-dll
   links no runtime into it; the DllMain logs "log.attach". No C runtime
   functions: it also runs under the PE32 test loader. Hooks write to it
   under the loader lock, one at a time; clients only while no other thread
   of theirs runs. */
#include <windows.h>

#include "log.h"

static char text[4096];
static unsigned len;

void log_put(const char *word) {
  if (len && len < sizeof text - 1)
    text[len++] = ' ';
  while (*word && len < sizeof text - 1)
    text[len++] = *word++;
  text[len] = 0;
}

const char *log_text(void) {
  return text;
}

void log_clear(void) {
  len = 0;
  text[0] = 0;
}

BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved) {
  (void)module, (void)reserved;
  if (reason == DLL_PROCESS_ATTACH)
    log_put("log.attach");
  return TRUE;
}
