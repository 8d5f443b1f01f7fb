// drectve.c - the linker directives of an object (the .drectve section:
// "-export:Foo,data" from mingw compilers, "/EXPORT:_Foo@4" from MSVC-style
// ones, among -aligncomm:, /DEFAULTLIB: and others), split the way linkers
// split them: at blanks, with "..." quoting.
#include "core.h"

#include <ctype.h>
#include <string.h>

static bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

// Is the directive at p (length n) an export: -export: or /EXPORT:, in any case?
static bool is_export(const char *p, size_t n) {
  static const char kw[] = "export:";
  if (n < sizeof kw || (p[0] != '-' && p[0] != '/'))
    return false;
  for (size_t i = 0; i < sizeof kw - 1; i++)
    if (tolower((unsigned char)p[1 + i]) != kw[i])
      return false;
  return true;
}

// The directives of text, in order; each a slice of text.
static uint32_t split(const char *text, size_t len, Str *out, uint32_t max) {
  uint32_t n = 0;
  size_t i = 0;
  while (i < len) {
    while (i < len && is_blank(text[i]))
      i++;
    size_t start = i;
    bool quoted = false;
    while (i < len && (quoted || !is_blank(text[i]))) {
      if (text[i] == '"')
        quoted = !quoted;
      i++;
    }
    if (i > start && n < max)
      out[n++] = (Str){text + start, (uint32_t)(i - start)};
  }
  return n;
}

uint32_t drectve_blank_exports(char *text, size_t len) {
  uint32_t blanked = 0;
  size_t i = 0;
  while (i < len) {
    Str d[1];
    if (!split(text + i, len - i, d, 1))
      break;
    char *p = (char *)d[0].s;
    if (is_export(p, d[0].len)) {
      memset(p, ' ', d[0].len);
      blanked++;
    }
    i = (size_t)(p - text) + d[0].len;
  }
  return blanked;
}

bool object_blank_exports(Arena *a, uint8_t *data, size_t len, uint32_t *blanked) {
  CoffView view;
  *blanked = 0;
  if (!coff_view(a, data, len, &view))
    return false;
  for (uint32_t i = 0; i < view.nsections; i++) {
    CoffSectionView *s = &view.sections[i];
    if (str_eq(s->name, str(".drectve")) && s->size)
      *blanked += drectve_blank_exports((char *)data + s->offset, s->size);
  }
  return true;
}
