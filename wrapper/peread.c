// peread.c - reads PE images (DLLs and programs): headers, section table,
// export table, import and delay-load import tables (PE/COFF
// specification, "MS-DOS Stub", "Optional Header", "Section Table", "The
// .edata Section", "The .idata Section", "Delay-Load Import Tables").
//
// Images come from anywhere: every offset, count and RVA is checked before
// it is read. Bytes are reached only through pe_bytes (an RVA and a size,
// inside one section's raw data), and every table is walked no further
// than the section holding it, so a damaged count or a missing terminator
// ends in an error, never in a read past the file or an endless loop.
#include "core.h"

#include <stdlib.h>
#include <string.h>

enum {
  IMAGE_FILE_DLL = 0x2000,
  PE32_MAGIC = 0x10b,
  PE32PLUS_MAGIC = 0x20b,
  SECTION_HEADER_SIZE = 40,
  EXPORT_DIRECTORY_SIZE = 40,
  IMPORT_DESCRIPTOR_SIZE = 20,
  DELAY_DESCRIPTOR_SIZE = 32,
};

static uint16_t get16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) {
  return get32(p) | (uint64_t)get32(p + 4) << 32;
}

bool pe_view(Arena *a, const uint8_t *data, size_t len, PeView *out, const char **why) {
  *out = (PeView){.data = data, .len = len};
  *why = NULL;
  // The MS-DOS header: "MZ", and at 0x3c the offset of "PE\0\0".
  if (len < 64 || data[0] != 'M' || data[1] != 'Z') {
    *why = "not a PE image (no MZ header)";
    return false;
  }
  uint32_t pe = get32(data + 0x3c);
  if ((uint64_t)pe + 24 > len || memcmp(data + pe, "PE\0\0", 4)) {
    *why = "an MS-DOS program, or a damaged PE image (no PE signature)";
    return false;
  }
  const uint8_t *coff = data + pe + 4;
  out->machine = machine_from_coff(get16(coff));   // MACH_NONE: another machine
  out->nsections = get16(coff + 2);
  uint32_t opt_size = get16(coff + 16);
  out->is_dll = (get16(coff + 18) & IMAGE_FILE_DLL) != 0;
  uint64_t opt = (uint64_t)pe + 24;
  if (opt_size < 2 || opt + opt_size > len) {
    *why = "the optional header runs past the end of the file";
    return false;
  }
  const uint8_t *o = data + opt;
  // PE32 and PE32+ differ in the width of ImageBase (and of the stack and
  // heap sizes), which moves NumberOfRvaAndSizes and the data directories.
  uint32_t dirs_at;
  uint16_t magic = get16(o);
  if (magic == PE32_MAGIC) {
    dirs_at = 96;
    if (opt_size >= 32)
      out->image_base = get32(o + 28);
  } else if (magic == PE32PLUS_MAGIC) {
    out->pe32plus = true;
    dirs_at = 112;
    if (opt_size >= 32)
      out->image_base = get64(o + 24);
  } else {
    *why = "unknown optional header magic (neither PE32 nor PE32+)";
    return false;
  }
  // NumberOfRvaAndSizes may say more than 16 (the loader ignores the rest)
  // or fewer; only the directories inside the optional header are read.
  if (opt_size >= dirs_at) {
    uint32_t n = get32(o + dirs_at - 4);
    uint32_t room = (opt_size - dirs_at) / 8;
    out->ndirectories = n < room ? n : room;
    if (out->ndirectories > 16)
      out->ndirectories = 16;
    for (uint32_t i = 0; i < out->ndirectories; i++)
      out->directories[i] = (PeDirectory){get32(o + dirs_at + 8 * i), get32(o + dirs_at + 8 * i + 4)};
  }

  uint64_t table = opt + opt_size;
  if (table + (uint64_t)SECTION_HEADER_SIZE * out->nsections > len) {
    *why = "the section table runs past the end of the file";
    return false;
  }
  // Long section names ("/4" for .debug_info in mingw images) are offsets
  // into the COFF string table after the symbol table, when there is one.
  uint32_t symtab = get32(coff + 8), nsyms = get32(coff + 12);
  uint64_t strtab = symtab + 18ull * nsyms;
  uint32_t strsize = symtab && strtab + 4 <= len ? get32(data + strtab) : 0;
  if (strsize < 4 || strtab + strsize > len)
    strsize = 0;

  out->sections = arena_alloc(a, sizeof(PeSection) * (out->nsections + 1));
  for (uint32_t i = 0; i < out->nsections; i++) {
    const uint8_t *h = data + table + SECTION_HEADER_SIZE * i;
    PeSection *s = &out->sections[i];
    s->name = (Str){(const char *)h, (uint32_t)strnlen((const char *)h, 8)};
    if (h[0] == '/' && strsize) {
      uint32_t off = 0;
      for (int k = 1; k < 8 && h[k] >= '0' && h[k] <= '9'; k++)
        off = off * 10 + (uint32_t)(h[k] - '0');
      if (off >= 4 && off < strsize) {
        const char *p = (const char *)data + strtab + off;
        s->name = (Str){p, (uint32_t)strnlen(p, strsize - off)};
      }
    }
    s->vsize = get32(h + 8);
    s->rva = get32(h + 12);
    s->size = get32(h + 16);
    s->offset = get32(h + 20);
    s->characteristics = get32(h + 36);
    if (s->size && (uint64_t)s->offset + s->size > len) {
      *why = "a section's data runs past the end of the file (truncated?)";
      return false;
    }
  }
  return true;
}

// How far a section reaches in memory: VirtualSize, or the raw size when
// a linker left VirtualSize 0.
static uint32_t section_span(const PeSection *s) {
  return s->vsize ? s->vsize : s->size;
}

const PeSection *pe_section_of(const PeView *v, uint32_t rva) {
  for (uint32_t i = 0; i < v->nsections; i++) {
    const PeSection *s = &v->sections[i];
    if (rva >= s->rva && (uint64_t)rva - s->rva < section_span(s))
      return s;
  }
  return NULL;
}

// How many bytes from rva on are readable in its section's raw data (and
// inside the section in memory); 0 when none.
static uint32_t bytes_left(const PeView *v, uint32_t rva, const uint8_t **at) {
  const PeSection *s = pe_section_of(v, rva);
  if (!s)
    return 0;
  uint32_t off = rva - s->rva;
  uint32_t end = s->size < section_span(s) ? s->size : section_span(s);
  if (off >= end)
    return 0;
  *at = v->data + s->offset + off;
  return end - off;
}

const uint8_t *pe_bytes(const PeView *v, uint32_t rva, uint32_t size) {
  const uint8_t *p = NULL;
  uint32_t left = bytes_left(v, rva, &p);
  if (!left || size > left)
    return NULL;
  return p;
}

// The NUL-terminated string at rva, in the image itself (not copied: a
// hostile table may point thousands of names at one long string); NULL
// when it does not end inside its section.
static const char *string_at(const PeView *v, uint32_t rva) {
  const uint8_t *p = NULL;
  uint32_t left = bytes_left(v, rva, &p);
  if (!left)
    return NULL;
  return memchr(p, 0, left) ? (const char *)p : NULL;
}

static bool damaged(Diag *d, const char *path, const char *fmt, ...) PRINTF_LIKE(3, 4);

// Reports damage at path; returns false.
static bool damaged(Diag *d, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, DIAG_ERROR, &(SrcLoc){path, 0, 0}, fmt, ap);
  va_end(ap);
  return false;
}

//
// The export table
//

static PeDirectory directory(const PeView *v, int which) {
  return (uint32_t)which < v->ndirectories ? v->directories[which] : (PeDirectory){0, 0};
}

static int by_rva(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

// Do the n names of the name pointer table lie apart, each ending before
// the next begins? A linker writes each name once; a hostile table points
// thousands of names into one long string, whose bytes every name would
// then be hashed and compared by. Sorted by address, each gap is searched
// for its NUL once: linear in the names' bytes.
static bool names_apart(Arena *a, const PeView *v, const uint8_t *npt, uint32_t n) {
  uint32_t *rva = arena_alloc(a, sizeof *rva * n);
  for (uint32_t i = 0; i < n; i++)
    rva[i] = get32(npt + 4 * i);
  qsort(rva, n, sizeof *rva, by_rva);
  for (uint32_t i = 1; i < n; i++) {
    const uint8_t *p;
    uint32_t gap = rva[i] - rva[i - 1];
    // Equal addresses, or no NUL between one name and the next.
    if (!gap || (bytes_left(v, rva[i - 1], &p) >= gap && !memchr(p, 0, gap)))
      return false;
  }
  return true;
}

// The exports are added in the order of the export name pointer table (so
// the hint of the i-th named export is i), then the exports without a name
// in ordinal order; those are named "#N" (N the ordinal) in the list, with
// noname set. Unused slots of the address table (RVA 0, no name) are left
// out, as the loader does not find them.
bool pe_exports(Diag *d, Arena *a, const char *path, const PeView *v, Module *out) {
  *out = (Module){0};
  PeDirectory dir = directory(v, PE_EXPORT_DIRECTORY);
  if (!dir.rva)
    return true;   // no exports
  const uint8_t *h = pe_bytes(v, dir.rva, EXPORT_DIRECTORY_SIZE);
  if (!h)
    return damaged(d, path, "the export directory at RVA 0x%x is outside the image's data", dir.rva);
  uint32_t name_rva = get32(h + 12), base = get32(h + 16);
  uint32_t nfunctions = get32(h + 20), nnames = get32(h + 24);
  uint32_t functions = get32(h + 28), names = get32(h + 32), name_ordinals = get32(h + 36);
  if (name_rva && !(out->dll_name = string_at(v, name_rva)))
    return damaged(d, path, "the export table's DLL name at RVA 0x%x is outside the image's data", name_rva);
  // An ordinal is 16 bits: Base + index must stay below 65,536.
  if (nfunctions > MAX_ORDINAL + 1u || (nfunctions && (base > MAX_ORDINAL || base + nfunctions - 1 > MAX_ORDINAL)))
    return damaged(d, path, "the export table's %u functions do not fit in 16-bit ordinals", nfunctions);
  if (nnames > UINT32_MAX / 4)
    return damaged(d, path, "the export table has %u names, more than an image can hold", nnames);
  const uint8_t *eat = nfunctions ? pe_bytes(v, functions, nfunctions * 4) : NULL;
  if (nfunctions && !eat)
    return damaged(d, path, "the export address table at RVA 0x%x is outside the image's data", functions);
  const uint8_t *npt = nnames ? pe_bytes(v, names, nnames * 4) : NULL;
  const uint8_t *ords = nnames ? pe_bytes(v, name_ordinals, nnames * 2) : NULL;
  if (nnames && (!npt || !ords))
    return damaged(d, path, "the export name tables at RVA 0x%x are outside the image's data", npt ? name_ordinals : names);

  if (nnames && !names_apart(a, v, npt, nnames))
    return damaged(d, path, "two export names share their bytes");

  exportlist_reserve(&out->exports, nnames + nfunctions);
  bool *named = arena_alloc(a, nfunctions + 1);
  bool ok = true;
  Export *es = arena_alloc(a, sizeof(Export) * ((size_t)nnames + nfunctions + 1));
  uint32_t n = 0;
  for (int pass = 0; pass < 2; pass++) {
    // Pass 0: the named exports, in name table order; pass 1: the others.
    uint32_t count = pass == 0 ? nnames : nfunctions;
    for (uint32_t i = 0; i < count; i++) {
      uint32_t index = pass == 0 ? get16(ords + 2 * i) : i;
      Export *e = &es[n];
      *e = (Export){.arg_bytes = -1, .loc = {path, 0, 0}};
      if (pass == 0) {
        if (index >= nfunctions) {
          ok = damaged(d, path, "export name %u refers to a function past the export address table", i);
          continue;
        }
        if (!(e->name = string_at(v, get32(npt + 4 * i)))) {
          ok = damaged(d, path, "export name %u is outside the image's data", i);
          continue;
        }
        if (!*e->name) {
          ok = damaged(d, path, "export name %u is empty", i);
          continue;
        }
        named[index] = true;
      } else {
        if (named[index] || !get32(eat + 4 * index))
          continue;
        e->name = arena_printf(a, "#%u", base + index);
        e->noname = true;
      }
      e->ordinal = (uint16_t)(base + index);
      e->rva = get32(eat + 4 * index);
      // An address inside the export directory is a forwarder: the text
      // "other.Func" or "other.#12" (PE/COFF, "Export Address Table").
      if (e->rva >= dir.rva && (uint64_t)e->rva - dir.rva < dir.size) {
        if (!(e->forward = string_at(v, e->rva))) {
          ok = damaged(d, path, "the forwarder of ordinal %u runs off the end of its section", e->ordinal);
          continue;
        }
      } else {
        // An export is code or data by the section it lies in; one in no
        // section is damage (the loader would hand out a wild address).
        const PeSection *s = pe_section_of(v, e->rva);
        if (!s) {
          ok = damaged(d, path, "the address 0x%x of ordinal %u lies in no section", e->rva, e->ordinal);
          continue;
        }
        e->kind = s->characteristics & (IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE) ? EXPORT_CODE : EXPORT_DATA;
      }
      if (exportlist_add(&out->exports, e)) {
        diag_error(d, &(SrcLoc){path, 0, 0}, "the export name '%s' appears twice in the export table", e->name);
        ok = false;
        continue;
      }
      n++;
    }
  }
  return ok;
}

//
// The import tables
//

typedef struct {
  Diag *diag;
  Arena *arena;
  const char *path;
  const PeView *v;
  ImportList *out;
  uint64_t budget;        // thunks still allowed (see read_thunks)
} ImportReader;

// The RVA an import table field holds: delay-load descriptors of the old
// form (Attributes bit 0 clear) hold virtual addresses; binutils before
// 2.37 wrote that form with RVAs in it, which are taken as they are.
static uint32_t to_rva(const PeView *v, bool va, uint64_t value) {
  if (va && value >= v->image_base && value - v->image_base <= UINT32_MAX &&
      pe_section_of(v, (uint32_t)(value - v->image_base)))
    return (uint32_t)(value - v->image_base);
  return (uint32_t)value;
}

// Reads the import lookup table at rva (or an import name table of the
// delay-load descriptor): 4-byte entries in PE32, 8-byte ones in PE32+,
// up to a zero one. Each is an ordinal (the top bit set) or the RVA of a
// hint/name entry: a 16-bit hint, then the name.
static bool read_thunks(ImportReader *r, const char *dll, uint32_t rva, bool va) {
  const PeView *v = r->v;
  uint32_t width = v->pe32plus ? 8 : 4;
  uint64_t ordinal_flag = v->pe32plus ? 1ull << 63 : 1ull << 31;
  for (uint32_t i = 0;; i++) {
    // A valid image has a slot of its own for every import in its file;
    // tables that share or overlap cannot give more imports than that.
    if (!r->budget--)
      return damaged(r->diag, r->path, "the import tables hold more entries than the file has room for (%u)",
                     (uint32_t)(v->len / 4));
    uint64_t at = rva + (uint64_t)i * width;
    const uint8_t *p = at <= UINT32_MAX ? pe_bytes(v, (uint32_t)at, width) : NULL;
    if (!p)
      return damaged(r->diag, r->path, "the import lookup table at RVA 0x%x runs off the end of its section", rva);
    uint64_t entry = width == 8 ? get64(p) : get32(p);
    if (!entry)
      return true;
    Import im = {.dll = dll, .name_type = IMPORT_NAME, .kind = EXPORT_CODE, .loc = {r->path, 0, 0}};
    if (entry & ordinal_flag) {
      im.name_type = IMPORT_ORDINAL;
      im.ordinal = (uint16_t)entry;
    } else {
      if (width == 8 && entry >> 31 && !va)
        return damaged(r->diag, r->path, "an import lookup table entry at RVA 0x%x is neither ordinal nor RVA",
                       (uint32_t)at);
      uint32_t hint_name = to_rva(v, va, entry);
      const uint8_t *hint = pe_bytes(v, hint_name, 2);
      if (!hint || !(im.name = string_at(v, hint_name + 2)))
        return damaged(r->diag, r->path, "an import's hint/name entry at RVA 0x%x is outside the image's data",
                       hint_name);
      im.ordinal = get16(hint);
    }
    ImportList *l = r->out;
    l->v = arena_reserve(r->arena, l->v, l->len, &l->cap, l->len + 1, sizeof(Import));
    l->v[l->len++] = im;
  }
}

// The import directory: 20-byte descriptors up to an all-zero one
// (OriginalFirstThunk, TimeDateStamp, ForwarderChain, Name, FirstThunk).
// GNU ld and old linkers may leave OriginalFirstThunk 0: the names are
// then read from the import address table, which the loader overwrites.
static bool read_import_directory(ImportReader *r) {
  PeDirectory dir = directory(r->v, PE_IMPORT_DIRECTORY);
  if (!dir.rva)
    return true;
  for (uint32_t i = 0;; i++) {
    uint64_t at = dir.rva + (uint64_t)i * IMPORT_DESCRIPTOR_SIZE;
    const uint8_t *p = at <= UINT32_MAX ? pe_bytes(r->v, (uint32_t)at, IMPORT_DESCRIPTOR_SIZE) : NULL;
    if (!p)
      return damaged(r->diag, r->path, "the import directory at RVA 0x%x runs off the end of its section", dir.rva);
    uint32_t ilt = get32(p), name = get32(p + 12), iat = get32(p + 16);
    if (!ilt && !name && !iat)
      return true;
    const char *dll = string_at(r->v, name);
    if (!dll)
      return damaged(r->diag, r->path, "the DLL name of import descriptor %u is outside the image's data", i);
    if (!read_thunks(r, dll, ilt ? ilt : iat, false))
      return false;
  }
}

// The delay-load directory: 32-byte descriptors (Attributes, DllNameRVA,
// ModuleHandleRVA, ImportAddressTableRVA, ImportNameTableRVA, ...) up to
// one whose DLL name is 0. Attributes bit 0 says the fields are RVAs; the
// old form (Visual C++ 6) has virtual addresses.
static bool read_delay_directory(ImportReader *r) {
  PeDirectory dir = directory(r->v, PE_DELAY_IMPORT_DIRECTORY);
  if (!dir.rva)
    return true;
  for (uint32_t i = 0;; i++) {
    uint64_t at = dir.rva + (uint64_t)i * DELAY_DESCRIPTOR_SIZE;
    const uint8_t *p = at <= UINT32_MAX ? pe_bytes(r->v, (uint32_t)at, DELAY_DESCRIPTOR_SIZE) : NULL;
    if (!p)
      return damaged(r->diag, r->path, "the delay-load directory at RVA 0x%x runs off the end of its section",
                     dir.rva);
    bool va = !(get32(p) & 1);
    uint32_t name = get32(p + 4), int_rva = get32(p + 16);
    if (!name)
      return true;
    const char *dll = string_at(r->v, to_rva(r->v, va, name));
    if (!dll)
      return damaged(r->diag, r->path, "the DLL name of delay-load descriptor %u is outside the image's data", i);
    if (!read_thunks(r, dll, to_rva(r->v, va, int_rva), va))
      return false;
  }
}

bool pe_imports(Diag *d, Arena *a, const char *path, const PeView *v, ImportList *out) {
  ImportReader r = {d, a, path, v, out, v->len / 4 + 1};
  bool ok = read_import_directory(&r);
  return read_delay_directory(&r) && ok;
}
