// dllmain.c - a DllMain the loader would never call.
//
// The C runtime's DLL entry point (DllMainCRTStartup) calls the C function
// DllMain, on i386 the stdcall symbol _DllMain@12: BOOL WINAPI
// DllMain(HINSTANCE, DWORD, LPVOID). The runtime library has a default
// DllMain that does nothing, so a DllMain the entry point does not find is
// no link error: the user's is silently never run. That happens when
//
//  - it is a C++ function: its name is mangled (_Z7DllMainP11HINSTANCE__mPv)
//    unless it is declared extern "C";
//  - on i386, it is not stdcall (_DllMain: cdecl; @DllMain@12: fastcall) or
//    takes other arguments (_DllMain@8).
//
// The same scan tells the driver whether the objects define the DllMain
// the entry point calls (then the DLL gets no runtime/ library) and
// whether they register ccdll.h hooks.
#include "driver.h"

#include <stdlib.h>
#include <string.h>

// The complaint about a defined symbol, or NULL when it is no DllMain or
// the right one.
static const char *complaint(Arena *a, Machine m, const char *name) {
  if (!strncmp(name, "_Z7DllMain", 10) || !strncmp(name, "?DllMain@@", 10))
    return arena_printf(a, "DllMain has C++ linkage (its symbol is '%s'), so the C runtime calls its own "
                           "default DllMain instead; declare it extern \"C\"", name);
  if (m != MACH_I386)
    return NULL;
  Undecorated u;
  undecorate(name, &u);
  if (u.name_len != 7 || strncmp(u.name, "DllMain", 7) || (u.conv == CONV_STDCALL && u.arg_bytes == 12))
    return NULL;
  if (u.conv == CONV_NONE)
    return arena_strdup(a, "DllMain is not __stdcall, so the C runtime calls its own default DllMain "
                           "instead; declare it BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID)");
  if (u.conv == CONV_STDCALL)
    return arena_printf(a, "DllMain takes %d bytes of arguments, not 12, so the C runtime calls its own default "
                           "DllMain instead; declare it BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID)", u.arg_bytes);
  return arena_printf(a, "DllMain is %s, not __stdcall, so the C runtime calls its own default DllMain instead; "
                         "declare it BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID)", conv_name(u.conv));
}

bool check_dllmain(Diag *d, Arena *a, Machine machine, const char *const *objects, const char *const *names,
                   int nobjects, DllMainScan *found) {
  int errors = d->errors;
  *found = (DllMainScan){0};
  Str dllmain = str(machine == MACH_I386 ? "DllMain@12" : "DllMain");
  for (int i = 0; i < nobjects; i++) {
    char *data;
    size_t len;
    CoffView v;
    if (!file_read(d, objects[i], &data, &len))
      continue;
    if (coff_view(a, (uint8_t *)data, len, &v)) {
      // ccdll.h's hook macros put their registrations in .ccdllhk$m.
      for (uint32_t k = 0; k < v.nsections; k++)
        found->hooks |= v.sections[k].name.len > 9 && !memcmp(v.sections[k].name.s, ".ccdllhk$", 9);
      CoffSymbolView s;
      for (uint32_t k = 0; coff_symbol_at(&v, k, &s); k += 1 + s.naux) {
        if (s.storage_class != IMAGE_SYM_CLASS_EXTERNAL || s.section <= 0)
          continue;
        Str name = symbol_from_linker(machine, s.name);
        found->dllmain |= str_eq(name, dllmain);
        const char *text = complaint(a, machine, arena_strndup(a, name.s, name.len));
        if (text)
          diag_error(d, &(SrcLoc){names[i], 0, 0}, "%s", text);
      }
    }
    free(data);
  }
  return d->errors == errors;
}
