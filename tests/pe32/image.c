// image.c - reads a PE32 i386 file, maps it and applies its base relocations.
//
// Implements PE Format "MS-DOS Stub", "COFF File Header", "Optional Header
// (Image Only)", "Section Table" and "The .reloc Section (Image Only)".
// Every offset taken from the file is checked against the file size, every
// RVA against SizeOfImage, before it is used.
#include "pe32load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

// Headers larger than this are rejected as corrupt rather than mapped.
#define MAX_IMAGE_SIZE (512u << 20)

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) {
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

// Returns file bytes [off, off+len), or NULL when they are not all in the file.
const void *file_at(const Module *m, uint32_t off, uint32_t len) {
  if ((uint64_t)off + len > m->file_size)
    return NULL;
  return m->file + off;
}

// Returns mapped bytes [rva, rva+len), or NULL when not all inside the image.
const void *image_rva(const Module *m, uint32_t rva, uint32_t len) {
  if ((uint64_t)rva + len > m->image_size)
    return NULL;
  return m->base + rva;
}

// Returns the NUL-terminated string at rva, or NULL when it runs off the image.
const char *image_str(const Module *m, uint32_t rva) {
  if (rva >= m->image_size)
    return NULL;
  const char *s = (const char *)m->base + rva;
  return memchr(s, 0, m->image_size - rva) ? s : NULL;
}

// Returns the section holding rva, or NULL.
const Section *image_section(const Module *m, uint32_t rva) {
  for (int i = 0; i < m->nsec; i++) {
    const Section *s = &m->sec[i];
    uint32_t size = s->vsize ? s->vsize : s->raw_size;
    if (rva >= s->vaddr && rva - s->vaddr < size)
      return s;
  }
  return NULL;
}

// Reads the whole file; NULL (after an error) when it cannot be read.
static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    error("%s: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = xmalloc(cap);
  for (;;) {
    len += fread(buf + len, 1, cap - len, f);
    if (len < cap)
      break;
    cap *= 2;
    uint8_t *p = realloc(buf, cap);
    if (!p) {
      fclose(f);
      free(buf);
      error("out of memory reading %s", path);
      return NULL;
    }
    buf = p;
  }
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    error("%s: read error", path);
    return NULL;
  }
  *size = len;
  return buf;
}

// Parses the DOS, file, optional and section headers into m.
static bool parse_headers(Module *m) {
  const char *path = m->path;
  const uint8_t *dos = file_at(m, 0, 64);
  if (!dos || dos[0] != 'M' || dos[1] != 'Z') {
    error("%s: not a PE32 i386 image (no MZ header)", path);
    return false;
  }
  uint32_t pe = rd32(dos + 0x3c); // e_lfanew
  const uint8_t *sig = file_at(m, pe, 4);
  if (!sig) {
    error("%s: truncated headers (e_lfanew 0x%x is past the end of the file)", path, pe);
    return false;
  }
  if (memcmp(sig, "PE\0\0", 4)) {
    error("%s: not a PE32 i386 image (no PE signature)", path);
    return false;
  }
  const uint8_t *fh = file_at(m, pe + 4, 20);
  if (!fh) {
    error("%s: truncated headers (COFF file header)", path);
    return false;
  }
  uint16_t machine = rd16(fh);
  if (machine != MACHINE_I386) {
    error("%s: not a PE32 i386 image (machine 0x%x)", path, machine);
    return false;
  }
  m->nsec = rd16(fh + 2);               // NumberOfSections
  m->sym_off = rd32(fh + 8);            // PointerToSymbolTable
  m->nsyms = rd32(fh + 12);             // NumberOfSymbols
  uint16_t opt_size = rd16(fh + 16);    // SizeOfOptionalHeader
  uint16_t chars = rd16(fh + 18);       // Characteristics
  m->is_dll = chars & FILE_DLL;
  m->relocs_stripped = chars & 0x0001;   // IMAGE_FILE_RELOCS_STRIPPED

  // The PE32 optional header has 96 fixed bytes, then the data directories.
  uint32_t opt_off = pe + 24;
  const uint8_t *opt = file_at(m, opt_off, opt_size);
  if (!opt || opt_size < 2) {
    error("%s: truncated headers (optional header)", path);
    return false;
  }
  if (rd16(opt) != OPT_MAGIC_PE32) {
    error("%s: not a PE32 i386 image (optional header magic 0x%x)", path, rd16(opt));
    return false;
  }
  if (opt_size < 96) {
    error("%s: corrupt headers (SizeOfOptionalHeader %u is too small)", path, opt_size);
    return false;
  }
  m->entry = rd32(opt + 16);            // AddressOfEntryPoint
  m->pref_base = rd32(opt + 28);        // ImageBase
  m->image_size = rd32(opt + 56);       // SizeOfImage
  uint32_t hdr_size = rd32(opt + 60);   // SizeOfHeaders
  uint32_t ndirs = rd32(opt + 92);      // NumberOfRvaAndSizes
  if (ndirs > 16)
    ndirs = 16;
  if (96 + 8 * ndirs > opt_size) {
    error("%s: corrupt headers (%u data directories do not fit the optional header)", path, ndirs);
    return false;
  }
  for (uint32_t i = 0; i < ndirs; i++) {
    m->dir_rva[i] = rd32(opt + 96 + 8 * i);
    m->dir_size[i] = rd32(opt + 100 + 8 * i);
  }
  if (m->image_size == 0 || m->image_size > MAX_IMAGE_SIZE) {
    error("%s: corrupt headers (SizeOfImage 0x%x)", path, m->image_size);
    return false;
  }
  if (hdr_size > m->image_size) {
    error("%s: corrupt headers (SizeOfHeaders 0x%x exceeds SizeOfImage)", path, hdr_size);
    return false;
  }
  if (m->entry >= m->image_size) {
    error("%s: entry point RVA 0x%x outside the image", path, m->entry);
    return false;
  }
  // Only the directories the loader reads must lie inside the image
  // (directory 4, the certificate table, holds a file offset, not an RVA).
  static const struct { int index; const char *what; } dirs[] = {
    { DIR_EXPORT, "export" }, { DIR_IMPORT, "import" }, { DIR_BASERELOC, "base relocation" },
  };
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
    int d = dirs[i].index;
    if ((uint64_t)m->dir_rva[d] + m->dir_size[d] > m->image_size) {
      error("%s: %s directory outside the image (RVA 0x%x, size 0x%x)", path,
            dirs[i].what, m->dir_rva[d], m->dir_size[d]);
      return false;
    }
  }

  uint32_t sh_off = opt_off + opt_size;
  const uint8_t *sh = file_at(m, sh_off, 40u * m->nsec);
  if (!sh) {
    error("%s: truncated headers (section table)", path);
    return false;
  }
  m->hdr_len = sh_off + 40u * m->nsec;
  if (m->hdr_len > m->image_size) {
    error("%s: corrupt headers (section table outside the image)", path);
    return false;
  }
  m->sec = xmalloc(sizeof(Section) * (m->nsec ? m->nsec : 1));
  for (int i = 0; i < m->nsec; i++, sh += 40) {
    Section *s = &m->sec[i];
    memcpy(s->name, sh, 8);
    s->name[8] = 0;
    s->vsize = rd32(sh + 8);
    s->vaddr = rd32(sh + 12);
    s->raw_size = rd32(sh + 16);
    s->raw_off = rd32(sh + 20);
    s->flags = rd32(sh + 36);
    if (s->raw_size && !file_at(m, s->raw_off, s->raw_size)) {
      error("%s: section %s out of file bounds (offset 0x%x, size 0x%x, file size 0x%zx)",
            path, s->name, s->raw_off, s->raw_size, m->file_size);
      return false;
    }
    uint32_t span = s->vsize > s->raw_size ? s->vsize : s->raw_size;
    if ((uint64_t)s->vaddr + span > m->image_size) {
      error("%s: section %s outside the image (RVA 0x%x, size 0x%x)", path, s->name, s->vaddr, span);
      return false;
    }
  }
  return true;
}

// Reserves the image's memory, at ImageBase when that range is free.
static uint8_t *map_image(Module *m) {
  long page = sysconf(_SC_PAGESIZE);
  size_t size = (m->image_size + page - 1) & ~(size_t)(page - 1);
  int prot = PROT_READ | PROT_WRITE | PROT_EXEC;
  int flags = MAP_PRIVATE | MAP_ANONYMOUS;
  // Base 0 is never taken: a NULL base would read as a failed LoadLibraryA.
  if (m->pref_base && (uint64_t)m->pref_base + size <= UINTPTR_MAX && m->pref_base % page == 0) {
    void *want = (void *)(uintptr_t)m->pref_base;
    void *p = mmap(want, size, prot, flags | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == want)
      return p;
    // Kernels before 4.17 take the address as a hint and may place it elsewhere.
    if (p != MAP_FAILED)
      munmap(p, size);
  }
  void *p = mmap(NULL, size, prot, flags, -1, 0);
  if (p == MAP_FAILED) {
    error("%s: cannot map %u bytes: %s", m->path, m->image_size, strerror(errno));
    return NULL;
  }
  return p;
}

// Applies the base relocations: each block is PageRVA, BlockSize, then
// 16-bit entries (type << 12 | offset). Checks every entry even when the
// image sits at its preferred base, so that a bad table is always reported.
static bool relocate(Module *m) {
  uint32_t delta = (uint32_t)(uintptr_t)m->base - m->pref_base;
  uint32_t rva = m->dir_rva[DIR_BASERELOC], end = rva + m->dir_size[DIR_BASERELOC];
  while (rva + 8 <= end) {
    const uint8_t *blk = image_rva(m, rva, 8);
    uint32_t page = rd32(blk), size = rd32(blk + 4);
    if (size < 8 || size % 2 || size > end - rva) {
      error("%s: corrupt base relocation block at RVA 0x%x (size %u)", m->path, rva, size);
      return false;
    }
    for (uint32_t i = 8; i < size; i += 2) {
      uint16_t e = rd16(blk + i);
      uint32_t type = e >> 12, target = page + (e & 0xfff);
      if (type == REL_BASED_ABSOLUTE) // padding to a 4-byte block size
        continue;
      if (type != REL_BASED_HIGHLOW) {
        error("%s: unsupported relocation type %u at RVA 0x%x", m->path, type, target);
        return false;
      }
      uint8_t *p = (uint8_t *)image_rva(m, target, 4);
      if (!p || target < page) {
        error("%s: relocation at RVA 0x%x outside the image", m->path, target);
        return false;
      }
      if (delta) {
        uint32_t v = rd32(p) + delta;
        memcpy(p, &v, 4);
      }
    }
    rva += size;
  }
  return true;
}

// Reads, checks, maps and relocates path; name is what the module is called.
Module *image_load(const char *path, const char *name) {
  Module *m = xmalloc(sizeof *m);
  memset(m, 0, sizeof *m);
  m->path = xstrdup(path);
  m->name = xstrdup(name);
  m->file = read_file(path, &m->file_size);
  if (!m->file || !parse_headers(m))
    return NULL;
  m->base = map_image(m);
  if (!m->base)
    return NULL;

  // The headers are mapped too, as Windows does (up to the first section).
  memcpy(m->base, m->file, m->hdr_len);
  for (int i = 0; i < m->nsec; i++) {
    const Section *s = &m->sec[i];
    uint32_t len = s->raw_size;
    if (s->vsize && s->vsize < len)
      len = s->vsize; // the rest is file alignment padding
    memcpy(m->base + s->vaddr, m->file + s->raw_off, len);
  }

  bool moved = (uintptr_t)m->base != m->pref_base;
  verbose("mapped %s at 0x%08x (preferred 0x%08x%s)", m->path, (unsigned)(uintptr_t)m->base,
          m->pref_base, moved ? ", relocated" : "");
  // As Windows does: only an image whose relocations were stripped cannot
  // move; one without a relocation directory has nothing to fix (lld
  // writes none when no absolute address needs one).
  if (moved && m->relocs_stripped) {
    error("%s: cannot be mapped at its preferred base 0x%08x and its relocations are stripped",
          m->path, m->pref_base);
    return NULL;
  }
  if (!relocate(m))
    return NULL;
  return m;
}
