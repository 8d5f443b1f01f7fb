// test_peread.c - the PE image and import library readers on hostile input.
//
// A small PE32 and PE32+ DLL are built here byte by byte (exports with a
// forwarder, a NONAME export and a data export; an import and a
// delay-load import) and read back field by field. Then each of them, an
// import library from implib_write, and the files named on the command
// line (or the mingw-w64 libkernel32.a and a few wine DLLs when present)
// are cut at every length (large files: at many), have bytes flipped at
// random (fixed seed) and have each header word set to extreme values;
// every reader must return, and must say false when it reports an error.
// Built with -fsanitize=address,undefined where the compiler has them, so
// a read out of bounds fails the test.
#include "core.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//
// The hand-built images
//

enum { IMAGE_SIZE = 0xa00, TEXT_RVA = 0x1000, RDATA_RVA = 0x2000, RDATA_RAW = 0x600 };

static void put16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v) {
  put16(p, v), put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v) {
  put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32));
}

// The file offset of an RVA in .rdata.
static uint8_t *rdata(uint8_t *img, uint32_t rva) {
  return img + RDATA_RAW + (rva - RDATA_RVA);
}

static void put_string(uint8_t *img, uint32_t rva, const char *s) {
  memcpy(rdata(img, rva), s, strlen(s) + 1);
}

// A thunk: 4 bytes in PE32, 8 in PE32+; an ordinal sets the top bit.
static void put_thunk(uint8_t *img, uint32_t rva, bool wide, bool ordinal, uint32_t value) {
  if (wide)
    put64(rdata(img, rva), (ordinal ? 1ull << 63 : 0) | value);
  else
    put32(rdata(img, rva), (ordinal ? 1u << 31 : 0) | value);
}

static void build_image(uint8_t *img, bool wide) {
  memset(img, 0, IMAGE_SIZE);
  img[0] = 'M', img[1] = 'Z';
  put32(img + 0x3c, 0x40);
  memcpy(img + 0x40, "PE\0\0", 4);
  uint8_t *coff = img + 0x44;
  put16(coff, wide ? 0x8664 : 0x14c);
  put16(coff + 2, 2);                             // NumberOfSections
  put16(coff + 16, wide ? 240 : 224);             // SizeOfOptionalHeader
  put16(coff + 18, 0x2002 | (wide ? 0x20 : 0x100));   // DLL, executable
  uint8_t *opt = coff + 20;
  put16(opt, wide ? 0x20b : 0x10b);
  if (wide)
    put64(opt + 24, 0x180000000ull);
  else
    put32(opt + 28, 0x10000000);
  uint8_t *dirs = opt + (wide ? 112 : 96);
  put32(dirs - 4, 16);                            // NumberOfRvaAndSizes
  put32(dirs + 0, 0x2000), put32(dirs + 4, 0x100);        // export
  put32(dirs + 8, 0x2200), put32(dirs + 12, 40);          // import
  put32(dirs + 13 * 8, 0x2300), put32(dirs + 13 * 8 + 4, 64);   // delay-load
  uint8_t *sec = opt + (wide ? 240 : 224);
  memcpy(sec, ".text", 5);
  put32(sec + 8, 0x200), put32(sec + 12, TEXT_RVA), put32(sec + 16, 0x200), put32(sec + 20, 0x400);
  put32(sec + 36, 0x60000020);                    // code, execute, read
  sec += 40;
  memcpy(sec, ".rdata", 6);
  put32(sec + 8, 0x400), put32(sec + 12, RDATA_RVA), put32(sec + 16, 0x400), put32(sec + 20, RDATA_RAW);
  put32(sec + 36, 0x40000040);                    // initialized data, read

  // The export directory and its tables, all inside its 0x100 bytes.
  uint8_t *ed = rdata(img, 0x2000);
  put32(ed + 12, 0x2080);                         // Name
  put32(ed + 16, 3);                              // Base
  put32(ed + 20, 5);                              // NumberOfFunctions
  put32(ed + 24, 3);                              // NumberOfNames
  put32(ed + 28, 0x2028), put32(ed + 32, 0x2040), put32(ed + 36, 0x2050);
  uint32_t functions[5] = {0x1010, 0x2380, 0x2090, 0, 0x1020};   // Beta, Data, Fwd, unused, NONAME
  for (int i = 0; i < 5; i++)
    put32(rdata(img, 0x2028 + 4 * i), functions[i]);
  // Names in byte order: "Alpha" -> index 1 (data), "Beta" -> 0, "Fwd" -> 2.
  put32(rdata(img, 0x2040), 0x2060), put32(rdata(img, 0x2044), 0x2068), put32(rdata(img, 0x2048), 0x2070);
  put16(rdata(img, 0x2050), 1), put16(rdata(img, 0x2052), 0), put16(rdata(img, 0x2054), 2);
  put_string(img, 0x2060, "Alpha");
  put_string(img, 0x2068, "Beta");
  put_string(img, 0x2070, "Fwd");
  put_string(img, 0x2080, "test.dll");
  put_string(img, 0x2090, "kernel32.Sleep");

  // The import directory: KERNEL32.dll, Sleep (hint 7) and ordinal 5.
  uint8_t *id = rdata(img, 0x2200);
  put32(id, 0x2240), put32(id + 12, 0x2230), put32(id + 16, 0x2260);
  put_string(img, 0x2230, "KERNEL32.dll");
  put_thunk(img, 0x2240, wide, false, 0x2280), put_thunk(img, 0x2240 + (wide ? 8 : 4), wide, true, 5);
  put_thunk(img, 0x2260, wide, false, 0x2280), put_thunk(img, 0x2260 + (wide ? 8 : 4), wide, true, 5);
  put16(rdata(img, 0x2280), 7);
  put_string(img, 0x2282, "Sleep");

  // The delay-load directory (RVA form): USER32.dll, MessageBoxA (hint 3).
  uint8_t *dd = rdata(img, 0x2300);
  put32(dd, 1), put32(dd + 4, 0x2340), put32(dd + 12, 0x2360), put32(dd + 16, 0x2350);
  put_string(img, 0x2340, "USER32.dll");
  put_thunk(img, 0x2350, wide, false, 0x2290);
  put16(rdata(img, 0x2290), 3);
  put_string(img, 0x2292, "MessageBoxA");
}

static void silent(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d, (void)level, (void)loc, (void)msg;
}

static void check_image(bool wide) {
  uint8_t img[IMAGE_SIZE];
  build_image(img, wide);
  Arena a = {0};
  Diag d = {.sink = silent};
  PeView v;
  const char *why;
  CHECK(pe_view(&a, img, sizeof img, &v, &why));
  CHECK(v.pe32plus == wide);
  CHECK(v.is_dll);
  CHECK(v.machine == (wide ? MACH_AMD64 : MACH_I386));
  CHECK(v.image_base == (wide ? 0x180000000ull : 0x10000000));
  CHECK(v.nsections == 2);
  CHECK(pe_section_of(&v, 0x1000) == &v.sections[0]);
  CHECK(pe_section_of(&v, 0x23ff) == &v.sections[1]);
  CHECK(pe_section_of(&v, 0x2400) == NULL);
  CHECK(pe_bytes(&v, 0x2080, 9) == img + RDATA_RAW + 0x80);
  CHECK(pe_bytes(&v, 0x23f0, 0x11) == NULL);

  Module m;
  CHECK(pe_exports(&d, &a, "test.dll", &v, &m));
  CHECK_STR(m.dll_name, "test.dll");
  CHECK(m.exports.len == 4);
  if (m.exports.len == 4) {
    // Name table order (the hints), then the NONAME one.
    const Export *e = m.exports.v[0];
    CHECK_STR(e->name, "Alpha");
    CHECK(e->ordinal == 4 && e->rva == 0x2380 && e->kind == EXPORT_DATA && !e->forward);
    e = m.exports.v[1];
    CHECK_STR(e->name, "Beta");
    CHECK(e->ordinal == 3 && e->rva == 0x1010 && e->kind == EXPORT_CODE);
    e = m.exports.v[2];
    CHECK_STR(e->name, "Fwd");
    CHECK_STR(e->forward, "kernel32.Sleep");
    CHECK(e->ordinal == 5);
    e = m.exports.v[3];
    CHECK(e->noname && e->ordinal == 7 && e->rva == 0x1020 && e->kind == EXPORT_CODE);
  }
  exportlist_free(&m.exports);

  ImportList l = {0};
  CHECK(pe_imports(&d, &a, "test.dll", &v, &l));
  CHECK(l.len == 3);
  if (l.len == 3) {
    CHECK_STR(l.v[0].dll, "KERNEL32.dll");
    CHECK_STR(l.v[0].name, "Sleep");
    CHECK(l.v[0].ordinal == 7 && l.v[0].name_type == IMPORT_NAME && !l.v[0].symbol);
    CHECK(!l.v[1].name && l.v[1].ordinal == 5 && l.v[1].name_type == IMPORT_ORDINAL);
    CHECK_STR(l.v[2].dll, "USER32.dll");
    CHECK_STR(l.v[2].name, "MessageBoxA");
    CHECK(l.v[2].ordinal == 3);
  }

  // The old delay-load form holds virtual addresses.
  uint8_t *dd = rdata(img, 0x2300);
  uint64_t base = v.image_base;
  put32(dd, 0), put32(dd + 4, (uint32_t)(base + 0x2340)), put32(dd + 16, (uint32_t)(base + 0x2350));
  put_thunk(img, 0x2350, wide, false, (uint32_t)(base + 0x2290));
  if (!wide) {
    l = (ImportList){0};
    CHECK(pe_imports(&d, &a, "test.dll", &v, &l));
    CHECK(l.len == 3 && !strcmp(l.v[2].name, "MessageBoxA"));
  }

  // Damage that must be caught: a name running off the section, a looping
  // (never-ending) thunk table, a huge count.
  build_image(img, wide);
  memset(rdata(img, 0x23f0), 'x', 0x10);
  put32(rdata(img, 0x2040), 0x23f0);
  d.errors = 0;
  CHECK(!pe_exports(&d, &a, "test.dll", &v, &m) && d.errors);
  exportlist_free(&m.exports);
  build_image(img, wide);
  put32(rdata(img, 0x2000 + 24), 0x40000000);
  d.errors = 0;
  CHECK(!pe_exports(&d, &a, "test.dll", &v, &m) && d.errors);
  exportlist_free(&m.exports);
  build_image(img, wide);
  for (uint32_t rva = 0x2240; rva < 0x2400; rva += wide ? 8 : 4)
    put_thunk(img, rva, wide, true, 1);
  d.errors = 0;
  l = (ImportList){0};
  CHECK(!pe_imports(&d, &a, "test.dll", &v, &l) && d.errors);
  arena_free(&a);
}

//
// Hand-built short import objects: the name types applied
//

typedef struct {
  uint16_t machine;
  const char *symbol, *exportas;
  unsigned type, name_type;
  uint16_t ordinal_hint;
  const char *want;        // Import.name; NULL: by ordinal
} ShortCase;

static const ShortCase short_cases[] = {
  {0x14c, "_Foo@4", NULL, 0, IMPORT_NAME_UNDECORATE, 3, "Foo"},
  {0x14c, "@Fast@8", NULL, 0, IMPORT_NAME_UNDECORATE, 0, "Fast"},
  {0x14c, "?Bar@@YAXXZ", NULL, 0, IMPORT_NAME_NOPREFIX, 0, "Bar@@YAXXZ"},
  {0x14c, "_Data", NULL, 1, IMPORT_NAME_NOPREFIX, 0, "Data"},
  {0x14c, "_Plain@4", NULL, 0, IMPORT_NAME, 0, "_Plain@4"},
  {0x14c, "_Cst", NULL, 2, IMPORT_NAME_NOPREFIX, 0, "Cst"},
  {0x14c, "_Foo@4", "Exported", 0, IMPORT_NAME_EXPORTAS, 0, "Exported"},
  {0x14c, "_ByOrd", NULL, 0, IMPORT_ORDINAL, 7, NULL},
  // The '_' is i386's C prefix: other machines keep it (GNU ld).
  {0x8664, "_Foo", NULL, 0, IMPORT_NAME_NOPREFIX, 0, "_Foo"},
  {0x8664, "?Baz@@YAXXZ", NULL, 0, IMPORT_NAME_NOPREFIX, 0, "Baz@@YAXXZ"},
  {0x8664, "Vec@@16", NULL, 0, IMPORT_NAME_UNDECORATE, 0, "Vec"},
};

// An archive member header for a member of n bytes named name.
static void put_member_header(Buf *b, const char *name, size_t n) {
  char h[61];
  snprintf(h, sizeof h, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, "0", "0", "0", "644", n);
  buf_put(b, h, 60);
}

static void put_short_import(Buf *b, const ShortCase *c, const char *dll) {
  size_t n = strlen(c->symbol) + 1 + strlen(dll) + 1 + (c->exportas ? strlen(c->exportas) + 1 : 0);
  put_member_header(b, "x.dll/", 20 + n);
  buf_put_u16(b, 0), buf_put_u16(b, 0xffff), buf_put_u16(b, 0), buf_put_u16(b, c->machine);
  buf_put_u32(b, 0), buf_put_u32(b, (uint32_t)n), buf_put_u16(b, c->ordinal_hint);
  buf_put_u16(b, (uint16_t)(c->type | c->name_type << 2));
  buf_put(b, c->symbol, strlen(c->symbol) + 1);
  buf_put(b, dll, strlen(dll) + 1);
  if (c->exportas)
    buf_put(b, c->exportas, strlen(c->exportas) + 1);
  if (b->len & 1)
    buf_put_u8(b, '\n');
}

static void check_short_imports(void) {
  Arena a = {0};
  Diag d = {.sink = silent};
  size_t n = sizeof short_cases / sizeof *short_cases;
  for (size_t i = 0; i < n; i++) {
    const ShortCase *c = &short_cases[i];
    Buf b = {0};
    buf_puts(&b, "!<arch>\n");
    put_short_import(&b, c, "x.dll");
    Machine m = MACH_NONE;
    ImportList l = {0};
    bool ok = implib_read(&d, &a, "x.a", b.data, b.len, &m, &l);
    CHECK(ok && l.len == 1);
    if (ok && l.len == 1) {
      printf("%s %s name type %u => %s\n", c->machine == 0x14c ? "i386" : "x86_64", c->symbol, c->name_type,
             l.v[0].name ? l.v[0].name : "(ordinal)");
      CHECK_STR(l.v[0].name, c->want);
      CHECK_STR(l.v[0].symbol, c->symbol);
      CHECK_STR(l.v[0].dll, "x.dll");
      CHECK_STR(l.v[0].loc.file, "x.a(x.dll)");
      CHECK(l.v[0].name_type == (ImportNameType)c->name_type && l.v[0].ordinal == c->ordinal_hint);
      CHECK(l.v[0].kind == (c->type == 0 ? EXPORT_CODE : c->type == 1 ? EXPORT_DATA : EXPORT_CONSTANT));
      CHECK(!l.v[0].long_format);
      CHECK(m == (c->machine == 0x14c ? MACH_I386 : MACH_AMD64));
    }
    buf_free(&b);
  }
  // Two machines in one library; a bad name type; a symbol without its NUL.
  Buf b = {0};
  buf_puts(&b, "!<arch>\n");
  put_short_import(&b, &short_cases[0], "x.dll");
  put_short_import(&b, &short_cases[8], "x.dll");
  Machine m = MACH_NONE;
  ImportList l = {0};
  d.errors = 0;
  CHECK(!implib_read(&d, &a, "x.a", b.data, b.len, &m, &l) && d.errors == 1 && l.len == 1);
  b.len = 0;
  buf_puts(&b, "!<arch>\n");
  ShortCase bad = short_cases[0];
  bad.name_type = 5;
  put_short_import(&b, &bad, "x.dll");
  m = MACH_NONE, l = (ImportList){0}, d.errors = 0;
  CHECK(!implib_read(&d, &a, "x.a", b.data, b.len, &m, &l) && d.errors == 1 && l.len == 0);
  // The DLL name's NUL (the last byte of the member, before any pad).
  bad.name_type = 1;
  b.len = 0;
  buf_puts(&b, "!<arch>\n");
  put_short_import(&b, &bad, "x.dll");
  b.data[8 + 60 + 20 + strlen(bad.symbol) + 1 + strlen("x.dll")] = 'x';
  m = MACH_NONE, l = (ImportList){0}, d.errors = 0;
  CHECK(!implib_read(&d, &a, "x.a", b.data, b.len, &m, &l) && d.errors == 1 && l.len == 0);
  buf_free(&b);
  arena_free(&a);
}

//
// Mutations
//

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void) {   // xorshift64*
  rng_state ^= rng_state >> 12, rng_state ^= rng_state << 25, rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static long runs;

// Every reader on data[0 .. len): they return, and false exactly when they
// reported an error.
static void read_all(const uint8_t *data, size_t len) {
  Arena a = {0};
  Diag d = {.sink = silent};
  runs++;
  // An exact-size copy, so that the sanitizer sees reads past the end.
  uint8_t *copy = malloc(len ? len : 1);
  memcpy(copy, data, len);
  PeView v;
  const char *why;
  if (pe_view(&a, copy, len, &v, &why)) {
    Module m;
    bool ok = pe_exports(&d, &a, "x.dll", &v, &m);
    CHECK(ok == (d.errors == 0));
    exportlist_free(&m.exports);
    int before = d.errors;
    ImportList l = {0};
    ok = pe_imports(&d, &a, "x.dll", &v, &l);
    CHECK(ok == (d.errors == before));
    for (uint32_t i = 0; i < v.nsections; i++)
      pe_bytes(&v, v.sections[i].rva, v.sections[i].size);
  } else {
    CHECK(why != NULL);
  }
  if (ar_is_archive(copy, len)) {
    Machine m = MACH_NONE;
    ImportList l = {0};
    int before = d.errors;
    bool ok = implib_read(&d, &a, "x.a", copy, len, &m, &l);
    CHECK(ok == (d.errors == before));
    bool complete = true;
    for (uint32_t i = 0; i < l.len; i++)
      complete &= l.v[i].dll && l.v[i].symbol && (l.v[i].name || l.v[i].name_type == IMPORT_ORDINAL);
    CHECK(complete);
  }
  free(copy);
  arena_free(&a);
}

static void mutate_all(const char *what, const uint8_t *data, size_t len, int flips) {
  long before = runs;
  // Every truncation of a small file; of a large one, every one of the
  // first 2 KiB and then 400 spread over the rest.
  bool big = len > 65536;
  size_t step = !big ? 1 : (len - 2048) / 400 + 1;
  for (size_t n = 0; n < len; n += !big || n < 2048 ? 1 : step)
    read_all(data, n);
  uint8_t *copy = malloc(len);
  // Random flips: a few bytes at a time, anywhere.
  for (int k = 0; k < flips; k++) {
    memcpy(copy, data, len);
    for (uint32_t j = rng() % 4 + 1; j-- > 0;)
      copy[rng() % len] ^= (uint8_t)(1u << rng() % 8);
    read_all(copy, len);
  }
  // Each aligned word of the first 4 KiB (headers, tables; of a large
  // file the first 1 KiB) set to values that make counts and offsets absurd.
  static const uint32_t extremes[] = {0, 1, 0x7fffffff, 0x80000000u, 0xffffffffu, 0xfff0, 0x10000};
  size_t head = len < 4096 ? len : big ? 1024 : 4096;
  for (size_t off = 0; off + 4 <= head; off += 4) {
    for (size_t e = 0; e < sizeof extremes / sizeof *extremes; e++) {
      memcpy(copy, data, len);
      put32(copy + off, extremes[e]);
      read_all(copy, len);
    }
  }
  free(copy);
  printf("%s: %ld mutations read\n", what, runs - before);
}

static bool read_file(const char *path, uint8_t **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  *data = malloc(n > 0 ? (size_t)n : 1);
  *len = n > 0 && fread(*data, 1, (size_t)n, f) == (size_t)n ? (size_t)n : 0;
  fclose(f);
  return *len > 0;
}

int main(int argc, char **argv) {
  check_image(false);
  check_image(true);
  check_short_imports();

  uint8_t img[IMAGE_SIZE];
  build_image(img, false);
  mutate_all("PE32 image", img, sizeof img, 20000);
  build_image(img, true);
  mutate_all("PE32+ image", img, sizeof img, 20000);

  // A short-format import library.
  Arena a = {0};
  Diag d = {.sink = silent};
  Module m = {.dll_name = "test.dll"};
  static const char *names[] = {"Foo@4", "@Bar@8", "Baz", "Data"};
  for (int i = 0; i < 4; i++) {
    Export *e = arena_alloc(&a, sizeof(Export));
    e->name = names[i];
    e->kind = i == 3 ? EXPORT_DATA : EXPORT_CODE;
    Undecorated u;
    undecorate(names[i], &u);
    e->conv = u.conv, e->arg_bytes = u.arg_bytes;
    exportlist_add(&m.exports, e);
  }
  exportlist_finalize(&m.exports, &d);
  Buf lib = {0};
  ImplibOptions opt = {.machine = MACH_I386, .kill_at = true};
  implib_write(&lib, &a, &m, &opt);
  Machine machine = MACH_NONE;
  ImportList l = {0};
  CHECK(implib_read(&d, &a, "test.a", lib.data, lib.len, &machine, &l));
  CHECK(machine == MACH_I386 && l.len == 4);
  mutate_all("short import library", lib.data, lib.len, 20000);
  buf_free(&lib);
  exportlist_free(&m.exports);
  arena_free(&a);

  // Real files: those given, else the system's.
  static const char *defaults[] = {
    "/usr/i686-w64-mingw32/lib/libkernel32.a",
    "/usr/x86_64-w64-mingw32/lib/libuser32.a",
    "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/version.dll",
    "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/kernel32.dll",
    "/usr/lib/x86_64-linux-gnu/wine/i386-windows/version.dll",
  };
  int nfiles = argc > 1 ? argc - 1 : (int)(sizeof defaults / sizeof *defaults);
  for (int i = 0; i < nfiles; i++) {
    const char *path = argc > 1 ? argv[i + 1] : defaults[i];
    uint8_t *data;
    size_t len;
    if (!read_file(path, &data, &len)) {
      if (argc > 1)
        CHECK(!"cannot read a file given");
      continue;
    }
    mutate_all(path, data, len, len > 65536 ? 300 : 3000);
    free(data);
  }
  return check_report();
}
