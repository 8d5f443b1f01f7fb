// imports.c - how a client imports each export of a DLL: the symbol it
// links, the name the loader looks up, the hint, and the jump through the
// __imp_ pointer. Shared by the import library (implib.c) and the
// delay-load library (delaylib.c), so that both follow one policy.
#include "core.h"

#include <stdlib.h>
#include <string.h>

// "bar" -> "bar.dll"; a name with an extension is kept.
const char *import_dll_name(Arena *a, const Module *m) {
  const char *base = strrchr(m->dll_name, '/');
  base = base ? base + 1 : m->dll_name;
  if (strchr(base, '.'))
    return base;
  return arena_printf(a, "%s.%s", base, m->is_exe ? "exe" : "dll");
}

const char *import_dll_stem(Arena *a, const char *dll) {
  const char *dot = strrchr(dll, '.');
  return arena_strndup(a, dll, dot ? (size_t)(dot - dll) : strlen(dll));
}

// The symbol a client compiled against the prototype links, without the
// i386 '_' (see linker_underscore): Foo@4 for `Foo@4`, `Foo=Foo@4` and (as
// Bar@4) `Bar=Foo@4`; the entry of NAME_i.def (see defwrite.c). Most are
// the export's own name and need no copy.
Str import_client_name(Arena *a, Machine m, const Export *e) {
  // Without an internal symbol, the convention came from the name itself.
  if (export_is_decorated(e) && (e->symbol || e->forward)) {
    Undecorated u;
    undecorate(e->name, &u);
    if (u.conv != e->conv || u.arg_bytes != e->arg_bytes)
      return str(decorate(a, m, e->conv, arena_strndup(a, u.name, u.name_len), e->arg_bytes));
  }
  return str(e->name);
}

// The name under which the DLL exports e: what the loader looks up. In an
// MSVC .def a name with an '@' is exported with its i386 '_' (`_Foo@4`, see
// def_msvc_verbatim); with kill-at, the decoration is not part of it.
Str import_exported_name(Arena *a, const Export *e, const ImplibOptions *opt) {
  if (e->import_name)
    return str(e->import_name);
  if (opt->kill_at && export_is_decorated(e)) {
    Undecorated u;
    undecorate(e->name, &u);
    return (Str){u.name, (uint32_t)u.name_len};
  }
  if (opt->dialect == DIALECT_MSVC && opt->machine == MACH_I386 && def_msvc_verbatim(e->name))
    return str(arena_concat(a, "_", e->name, ""));
  return str(e->name);
}

typedef struct {
  Str name;
  uint32_t export;
} NameRef;

static int by_name(const void *a, const void *b) {
  return str_cmp(((const NameRef *)a)->name, ((const NameRef *)b)->name);
}

// The DLL's export name table is sorted, and the loader searches it: the
// hint of an import is the index of its name there, so the loader finds it
// at the first probe. Exports by ordinal only are not in it; PRIVATE ones
// are; a name that several entries share (`Alias == RealName` imports
// RealName under another symbol) is in it once.
uint16_t *import_hints(Arena *a, const Module *m, const ImplibOptions *opt) {
  uint16_t *hints = arena_alloc(a, sizeof(uint16_t) * (m->exports.len + 1));
  if (m->exports.len > MAX_EXPORTS)
    return hints;   // no DLL has that many names: there is no table to index
  NameRef *refs = xmalloc(sizeof(NameRef) * (m->exports.len + 1));
  uint32_t n = 0;
  bool sorted = true;
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    if (e->noname)
      continue;
    refs[n] = (NameRef){import_exported_name(a, e, opt), i};
    sorted &= n == 0 || str_cmp(refs[n - 1].name, refs[n].name) < 0;
    n++;
  }
  if (!sorted)
    qsort(refs, n, sizeof(NameRef), by_name);
  uint32_t index = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i > 0 && !str_eq(refs[i - 1].name, refs[i].name))
      index++;
    hints[refs[i].export] = (uint16_t)index;
  }
  free(refs);
  return hints;
}

// The jump through the __imp_ pointer that a code import needs, per machine:
// the code, and where and of which type its one relocation is.
ImportThunk import_thunk(Machine m) {
  switch (m) {
  case MACH_I386:    // jmp *__imp_S (absolute): IMAGE_REL_I386_DIR32
    return (ImportThunk){{0xff, 0x25, 0, 0, 0, 0, 0x90, 0x90}, 8, 2, 0x0006, 0, 0};
  case MACH_AMD64:   // jmp *__imp_S(%rip): IMAGE_REL_AMD64_REL32
    return (ImportThunk){{0xff, 0x25, 0, 0, 0, 0, 0x90, 0x90}, 8, 2, 0x0004, 0, 0};
  case MACH_ARMNT:   // movw/movt r12, __imp_S (IMAGE_REL_ARM_MOV32T); ldr pc, [r12]
    return (ImportThunk){{0x40, 0xf2, 0x00, 0x0c, 0xc0, 0xf2, 0x00, 0x0c, 0xdc, 0xf8, 0x00, 0xf0}, 12, 0, 0x0011, 0, 0};
  case MACH_ARM64:   // adrp x16, __imp_S (PAGEBASE_REL21); ldr x16, [x16, lo12] (PAGEOFFSET_12L); br x16
    return (ImportThunk){{0x10, 0x00, 0x00, 0x90, 0x10, 0x02, 0x40, 0xf9, 0x00, 0x02, 0x1f, 0xd6}, 12, 0, 0x0004, 4, 0x0007};
  case MACH_NONE: break;
  }
  return (ImportThunk){0};
}
