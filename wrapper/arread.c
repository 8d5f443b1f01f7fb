// arread.c - reads the members of an archive (PE/COFF specification,
// "Archive (Library) File Format"; the same layout as GNU ar's): an 8-byte
// signature, then members, each a 60-byte header and its data at an even
// offset. The linker members ("/", and "/SYM64/" from GNU ar for big ones)
// and the longnames member ("//") are read for names, not returned.
// Member names are "name/" (GNU), "name" (lib.exe's short ones) or "/123",
// an offset into the longnames member, whose names end in "/\n" (GNU) or a
// NUL (lib.exe).
#include "core.h"

#include <string.h>

enum { HEADER_SIZE = 60 };

bool ar_is_archive(const uint8_t *data, size_t len) {
  return len >= 8 && !memcmp(data, "!<arch>\n", 8);
}

void ar_open(ArReader *r, const uint8_t *data, size_t len) {
  *r = (ArReader){.data = data, .len = len, .pos = 8};
}

// A decimal header field (blank-padded), or -1 when it is none.
static long long field_number(const uint8_t *p, int width) {
  long long v = 0;
  int i = 0;
  for (; i < width && p[i] >= '0' && p[i] <= '9'; i++)
    v = v * 10 + (p[i] - '0');
  if (i == 0)
    return -1;
  for (; i < width; i++)
    if (p[i] != ' ')
      return -1;
  return v;
}

// The member's name from its header field.
enum { MAX_MEMBER_NAME = 4096 };

static bool member_name(ArReader *r, const uint8_t *field, Str *out) {
  const char *f = (const char *)field;
  if (f[0] == '/' && f[1] >= '0' && f[1] <= '9') {
    long long off = field_number(field + 1, 15);
    if (off < 0 || !r->longnames || (uint64_t)off >= r->longnames_size)
      return false;
    const char *s = (const char *)r->longnames + off;
    size_t n = 0, max = r->longnames_size - (size_t)off;
    while (n < max && s[n] && s[n] != '\n' && !(s[n] == '/' && (n + 1 == max || s[n + 1] == '\n')))
      n++;
    // A name ends ("/\n" in GNU's table, NUL in others'), and is no
    // longer than a path: the names of hostile members could otherwise
    // all be one huge string, copied for each member's messages.
    if (n == max || n > MAX_MEMBER_NAME)
      return false;
    *out = (Str){s, (uint32_t)n};
    return true;
  }
  uint32_t n = 16;
  while (n && f[n - 1] == ' ')
    n--;
  if (n > 1 && f[n - 1] == '/')
    n--;
  *out = (Str){f, n};
  return true;
}

bool ar_next(ArReader *r, ArMember *out) {
  for (;;) {
    r->pos += r->pos & 1;
    if (r->pos >= r->len)
      return false;
    const uint8_t *h = r->data + r->pos;
    long long size = r->len - r->pos >= HEADER_SIZE ? field_number(h + 48, 10) : -1;
    if (size < 0 || h[58] != '`' || h[59] != '\n' || (uint64_t)size > r->len - r->pos - HEADER_SIZE) {
      r->damaged = true;
      return false;
    }
    const uint8_t *data = h + HEADER_SIZE;
    r->pos += HEADER_SIZE + (size_t)size;
    if (!memcmp(h, "//              ", 16)) {
      r->longnames = data;
      r->longnames_size = (size_t)size;
      continue;
    }
    if (!memcmp(h, "/               ", 16) || !memcmp(h, "/SYM64/         ", 16))
      continue;
    if (!member_name(r, h, &out->name)) {
      r->damaged = true;
      return false;
    }
    out->data = data;
    out->size = (size_t)size;
    return true;
  }
}
