// imports.c - finds DLLs, binds import tables, resolves exports and forwarders.
//
// Implements PE Format "The .idata Section" (import directory table, import
// lookup table, hint/name table, import address table) and "The .edata
// Section" (export directory table, export address table, name pointer and
// ordinal tables, forwarder RVAs), the way the Windows loader reads them.
#include "pe32load.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// A chain of forwarders longer than this is taken to be a loop.
#define MAX_FORWARDS 16

static uint16_t rd16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const void *p) { uint32_t v; memcpy(&v, p, 4); return v; }

// "C:\dir\B" -> "B.dll": module names are compared without a directory, and
// Windows appends ".dll" to a name without an extension (forwarders,
// LoadLibraryA, GetModuleHandleA).
static char *module_name(const char *name) {
  const char *p = name;
  for (const char *s = name; *s; s++)
    if (*s == '/' || *s == '\\')
      p = s + 1;
  size_t n = strlen(p);
  char *r = xmalloc(n + 5);
  memcpy(r, p, n + 1);
  if (!strchr(r, '.'))
    memcpy(r + n, ".dll", 5);
  return r;
}

// Returns the loaded module called name (case-insensitive), or NULL.
Module *imports_find_module(const char *name) {
  char *n = module_name(name);
  Module *found = NULL;
  if (!strcasecmp(n, kernel32_module.name))
    found = &kernel32_module;
  for (int i = 0; !found && i < loader->nmods; i++)
    if (!strcasecmp(n, loader->mods[i]->name))
      found = loader->mods[i];
  free(n);
  return found;
}

// Returns the module mapped at base (an HMODULE), or NULL.
Module *imports_module_at(const void *base) {
  if (base == kernel32_module.base)
    return &kernel32_module;
  for (int i = 0; i < loader->nmods; i++)
    if (loader->mods[i]->base == base)
      return loader->mods[i];
  return NULL;
}

// Looks for name, case-insensitively, in dir; returns the path or NULL.
static char *search_dir(const char *dir, const char *name, char **found_name) {
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  char *path = NULL;
  for (struct dirent *e; !path && (e = readdir(d));) {
    if (strcasecmp(e->d_name, name))
      continue;
    path = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
    sprintf(path, "%s/%s", dir, e->d_name);
    *found_name = xstrdup(e->d_name);
  }
  closedir(d);
  return path;
}

static bool bind(Module *m);

// Loads the DLL called name and, first, everything it imports; returns the
// module already loaded under that name if there is one. A DLL imported
// while its own imports are being bound (a cycle) is returned as it is.
Module *imports_load(const char *name, const Module *importer) {
  Module *m = imports_find_module(name);
  if (m)
    return m;
  char *want = module_name(name), *found = NULL, *path = search_dir(loader->exe_dir, want, &found);
  for (int i = 0; !path && i < loader->nlib_dirs; i++)
    path = search_dir(loader->lib_dirs[i], want, &found);
  if (!path) {
    error("%s: DLL not found (imported by %s)", want, importer->name);
    return NULL;
  }
  m = image_load(path, found);
  if (!m)
    return NULL;
  if (!m->is_dll)
    verbose("%s: IMAGE_FILE_DLL is not set; loading it as a DLL anyway", m->path);
  loader->mods = realloc(loader->mods, sizeof(Module *) * (loader->nmods + 1));
  loader->mods[loader->nmods++] = m;
  if (!symtab_read(m) || !bind(m))
    return NULL;
  // Post-order: a DLL is initialised after every DLL it imports.
  loader->init = realloc(loader->init, sizeof(Module *) * (loader->ninit + 1));
  loader->init[loader->ninit++] = m;
  return m;
}

// Resolves an export of m by name (hint first, then a binary search of the
// sorted name pointer table) or, when name is NULL, by ordinal (Ordinal -
// OrdinalBase indexes the export address table); follows forwarders
// ("other.Func", "other.#12") into other DLLs, loading them if needed.
bool imports_export(Module *m, const char *name, int ordinal, int hint,
                    const char *importer, Target *out) {
  const char *want = name; // NULL: by ordinal
  char orig[32], label[32];
  snprintf(orig, sizeof orig, "#%d", ordinal);
  const char *first = name ? name : orig, *first_dll = m->name;

  for (int hop = 0; hop <= MAX_FORWARDS; hop++) {
    snprintf(label, sizeof label, "#%d", ordinal);
    const char *what = want ? want : label;
    if (m->builtin) {
      void *addr = want ? kernel32_lookup(want) : NULL;
      if (!addr) {
        if (want)
          error("%s: %s is not provided by the built-in kernel32.dll (imported by %s)", m->name, want, importer);
        else
          error("%s: import by ordinal #%d is not provided by the built-in kernel32.dll (imported by %s)",
                m->name, ordinal, importer);
        return false;
      }
      *out = (Target){ addr, true };
      return true;
    }

    uint32_t dir = m->dir_rva[DIR_EXPORT], dir_size = m->dir_size[DIR_EXPORT];
    const uint8_t *ed = dir_size >= 40 ? image_rva(m, dir, 40) : NULL;
    if (!ed) {
      error("%s: no export table, cannot resolve %s (imported by %s)", m->name, what, importer);
      return false;
    }
    uint32_t base = rd32(ed + 16);    // OrdinalBase
    uint32_t nfuncs = rd32(ed + 20);  // AddressTableEntries
    uint32_t nnames = rd32(ed + 24);  // NumberOfNamePointers
    const uint8_t *eat = nfuncs < (1u << 28) ? image_rva(m, rd32(ed + 28), 4 * nfuncs) : NULL;
    const uint8_t *names = nnames < (1u << 28) ? image_rva(m, rd32(ed + 32), 4 * nnames) : NULL;
    const uint8_t *ords = nnames < (1u << 28) ? image_rva(m, rd32(ed + 36), 2 * nnames) : NULL;
    if (!eat || !names || !ords) {
      error("%s: corrupt export table (tables outside the image)", m->path);
      return false;
    }

    uint32_t index;
    if (want) {
      int found = -1;
      const char *s;
      if (hint >= 0 && (uint32_t)hint < nnames && (s = image_str(m, rd32(names + 4 * hint))) &&
          !strcmp(s, want))
        found = hint;
      for (uint32_t lo = 0, hi = nnames; found < 0 && lo < hi;) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (!(s = image_str(m, rd32(names + 4 * mid)))) {
          error("%s: corrupt export table (name %u outside the image)", m->path, mid);
          return false;
        }
        int c = strcmp(want, s);
        if (c == 0)
          found = (int)mid;
        else if (c < 0)
          hi = mid;
        else
          lo = mid + 1;
      }
      if (found < 0) {
        error("%s: no export named %s (imported by %s)", m->name, want, importer);
        return false;
      }
      index = rd16(ords + 2 * found);
    } else {
      if ((uint32_t)ordinal < base || (uint32_t)ordinal - base >= nfuncs) {
        if (nfuncs)
          error("%s: ordinal %d out of range %u..%u (imported by %s)", m->name, ordinal, base,
                base + nfuncs - 1, importer);
        else
          error("%s: ordinal %d out of range: the DLL exports nothing (imported by %s)", m->name,
                ordinal, importer);
        return false;
      }
      index = (uint32_t)ordinal - base;
    }
    if (index >= nfuncs) {
      error("%s: corrupt export table (ordinal index %u >= %u)", m->path, index, nfuncs);
      return false;
    }
    uint32_t rva = rd32(eat + 4 * index);
    if (rva == 0) {
      error("%s: no export with ordinal %u (imported by %s)", m->name, base + index, importer);
      return false;
    }

    if (rva < dir || rva - dir >= dir_size) {
      if (rva >= m->image_size) {
        error("%s: export %s at RVA 0x%x outside the image", m->path, what, rva);
        return false;
      }
      const Section *s = image_section(m, rva);
      *out = (Target){ m->base + rva, s && (s->flags & SCN_MEM_EXECUTE) };
      return true;
    }

    // An RVA inside the export directory is a forwarder string "dll.Func"
    // or "dll.#12". The last '.' separates them: a module name may hold dots.
    const char *fwd = image_str(m, rva);
    const char *dot = fwd ? strrchr(fwd, '.') : NULL;
    if (!dot || dot == fwd || !dot[1]) {
      error("%s: corrupt forwarder for %s", m->path, what);
      return false;
    }
    char *dll = xmalloc(dot - fwd + 1);
    memcpy(dll, fwd, dot - fwd);
    dll[dot - fwd] = 0;
    verbose("%s: %s is forwarded to %s", m->name, what, fwd);
    Module *next = imports_load(dll, m);
    free(dll);
    if (!next)
      return false;
    if (dot[1] == '#') {
      char *end;
      long n = strtol(dot + 2, &end, 10);
      if (*end || end == dot + 2 || n < 0 || n > 0xffff) {
        error("%s: corrupt forwarder %s", m->path, fwd);
        return false;
      }
      want = NULL;
      ordinal = (int)n;
    } else {
      want = dot + 1;
    }
    hint = -1;
    m = next;
  }
  error("%s: forwarder loop resolving %s (imported by %s)", first_dll, first, importer);
  return false;
}

// "__imp__Foo@12" -> "Foo", for messages about imports by ordinal.
static char *plain_name(const char *sym) {
  const char *s = sym + 6;
  if (*s == '_' || *s == '@')
    s++;
  char *r = xstrdup(s);
  char *at = strrchr(r, '@');
  if (at && at != r)
    *at = 0;
  return r;
}

// Fills one IAT slot: the export's own address for data and unchecked
// slots, else a trampoline that checks the bytes popped against the
// decoration of the slot's __imp_ symbol.
static void fill_slot(Module *m, uint32_t slot_rva, const char *func, const char *dll, const Target *t) {
  uint32_t *slot = (uint32_t *)(m->base + slot_rva);
  const ImpSym *sym = symtab_find(m, slot_rva);
  void *addr = t->addr;
  if (!t->code) {
    verbose("%s: import %s!%s -> 0x%08x (data)", m->name, dll, func, (unsigned)(uintptr_t)addr);
  } else if (!sym || sym->pops < 0) {
    verbose("%s: import %s!%s -> 0x%08x (not checked: %s)", m->name, dll, func,
            (unsigned)(uintptr_t)addr, sym ? "unknown decoration" : "no __imp_ symbol for the slot");
  } else {
    static const char *conv[] = { "?", "cdecl", "stdcall", "fastcall" };
    addr = tramp_make(t->addr, func, dll, sym->pops);
    verbose("%s: import %s!%s -> 0x%08x (%s %s, callee pops %d)", m->name, dll, func,
            (unsigned)(uintptr_t)t->addr, conv[sym->conv], sym->symbol, sym->pops);
  }
  *slot = (uint32_t)(uintptr_t)addr;
}

// Binds every import descriptor of m: loads the DLL, resolves each entry of
// the import lookup table and writes the import address table.
static bool bind(Module *m) {
  uint32_t dir = m->dir_rva[DIR_IMPORT], end = dir + m->dir_size[DIR_IMPORT];
  for (uint32_t d = dir; m->dir_size[DIR_IMPORT] && d + 20 <= end; d += 20) {
    // OriginalFirstThunk, TimeDateStamp, ForwarderChain, Name, FirstThunk
    const uint8_t *desc = image_rva(m, d, 20);
    uint32_t ilt = rd32(desc), name_rva = rd32(desc + 12), iat = rd32(desc + 16);
    if (!name_rva && !iat)
      break; // the null descriptor ends the table
    const char *dll = image_str(m, name_rva);
    if (!dll) {
      error("%s: import descriptor at RVA 0x%x: DLL name outside the image", m->path, d);
      return false;
    }
    dll = xstrdup(dll);
    Module *dep = imports_load(dll, m);
    if (!dep)
      return false;
    uint32_t lookup = ilt ? ilt : iat; // no lookup table: the IAT holds the names
    for (uint32_t i = 0;; i++) {
      const uint8_t *t = image_rva(m, lookup + 4 * i, 4);
      if (!t || !image_rva(m, iat + 4 * i, 4)) {
        error("%s: import table for %s runs off the image", m->path, dll);
        return false;
      }
      uint32_t v = rd32(t);
      if (!v)
        break;
      Target target;
      const char *func;
      char *owned = NULL;
      if (v & ORDINAL_FLAG32) {
        int ord = (int)(v & 0xffff);
        if (!imports_export(dep, NULL, ord, -1, m->name, &target))
          return false;
        const ImpSym *sym = symtab_find(m, iat + 4 * i);
        owned = xmalloc(64);
        snprintf(owned, 64, "#%d", ord);
        if (sym) {
          char *p = plain_name(sym->symbol);
          free(owned);
          owned = p;
        }
        func = owned;
      } else {
        const uint8_t *hn = image_rva(m, v, 2); // Hint, then the NUL-terminated Name
        func = hn ? image_str(m, v + 2) : NULL;
        if (!func) {
          error("%s: hint/name entry at RVA 0x%x outside the image (import from %s)", m->path, v, dll);
          return false;
        }
        if (!imports_export(dep, func, -1, rd16(hn), m->name, &target))
          return false;
      }
      fill_slot(m, iat + 4 * i, func, dll, &target);
    }
  }
  return true;
}

// Binds the EXE's imports (the EXE is loader->mods[0]).
bool imports_bind_exe(Module *exe) {
  return symtab_read(exe) && bind(exe);
}
