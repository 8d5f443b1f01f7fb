// dllmain.c - the cc-dll runtime's DllMain: calls the hooks registered with
// CCDLL_ON_PROCESS_ATTACH and the other macros of ccdll.h.
//
// The C runtime's entry point (DllMainCRTStartup) calls DllMain; so can a
// freestanding DLL's entry (-nostdlib -Wl,-e,_DllMain@12). This object
// imports nothing, so that it works in either.
//
// The registrations are pointers in the input sections .ccdllhk$m of the
// objects. PE/COFF linkers merge the input sections named .ccdllhk$* into
// the output section .ccdllhk, ordered by the text after '$' ("grouped
// sections"; GNU ld does it for orphan sections too, lld for all), and
// keep the link order among sections of the same name. The markers below,
// in $a and $z, so bound every registration of the DLL.
#include <stddef.h>
#include <windows.h>

#include "ccdll.h"

typedef const CcdllHook *const Ref;

static Ref begin_marker __attribute__((section(".ccdllhk$a"), used, aligned(sizeof(void *)))) = 0;
static Ref end_marker __attribute__((section(".ccdllhk$z"), used, aligned(sizeof(void *)))) = 0;

// Past the last registration whose process attach hook has run: the
// process detach hooks before it are those to run. NULL while detached.
static Ref *attached;

// The address as the compiler cannot follow it: the registrations lie
// between two distinct objects, which C knows nothing about.
static Ref *hide(Ref *p) {
  __asm__("" : "+r"(p));
  return p;
}

// Runs the hooks of kind between begin and end, forward or backward.
// Zeros (linker padding) are skipped.
static void notify(Ref *begin, Ref *end, int kind, int backward) {
  for (ptrdiff_t i = 0; i < end - begin; i++) {
    Ref *p = backward ? end - 1 - i : begin + i;
    if (*p && (*p)->kind == kind)
      (*p)->notify();
  }
}

// DllMain is called under the loader lock, one call at a time for all the
// DLLs of the process, so these statics need no lock. The hooks must obey
// the loader lock's rules as DllMain does.
BOOL WINAPI DllMain(HINSTANCE module, DWORD reason, LPVOID reserved) {
  (void)module, (void)reserved;
  Ref *begin = hide(&begin_marker + 1), *end = hide(&end_marker);
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    for (Ref *p = begin; p < end; p++) {
      if (!*p || (*p)->kind != CCDLL_HOOK_PROCESS_ATTACH || (*p)->attach())
        continue;
      // A hook failed: undo what the earlier ones did, and fail the load.
      // The C runtime (mingw-w64 crtdll.c) then calls DllMain with
      // DLL_PROCESS_DETACH, and so may the loader: nothing is left to run.
      notify(begin, p, CCDLL_HOOK_PROCESS_DETACH, 1);
      attached = NULL;
      return FALSE;
    }
    attached = end;
    break;
  case DLL_PROCESS_DETACH:
    if (attached)
      notify(begin, attached, CCDLL_HOOK_PROCESS_DETACH, 1);
    attached = NULL;
    break;
  case DLL_THREAD_ATTACH:
    notify(begin, end, CCDLL_HOOK_THREAD_ATTACH, 0);
    break;
  case DLL_THREAD_DETACH:
    notify(begin, end, CCDLL_HOOK_THREAD_DETACH, 1);
    break;
  }
  return TRUE;
}
