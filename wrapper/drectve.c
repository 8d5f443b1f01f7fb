// drectve.c - the linker directives of an object (the .drectve section:
// "-export:Foo,data" from mingw compilers, "/EXPORT:_Foo@4" from MSVC-style
// ones, among -aligncomm:, /DEFAULTLIB: and others), split the way linkers
// split them: at blanks, with "..." quoting.
//
// An export directive is, after "-export:" or "/EXPORT:" in any case,
//
//   name[=internal][,@ordinal][,NONAME][,DATA][,PRIVATE][,CONSTANT]
//
// (MSVC's /EXPORT syntax, which GNU ld and lld also take from mingw
// objects; the keywords in any case, names possibly quoted).
#include "core.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

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

// Takes a name, quoted or not, from the front of *p (up to end): it ends
// at '=' or ',' outside quotes.
static Str take_name(const char **p, const char *end) {
  const char *s = *p;
  if (s < end && *s == '"') {
    const char *close = memchr(s + 1, '"', (size_t)(end - s - 1));
    if (close) {
      *p = close + 1;
      return (Str){s + 1, (uint32_t)(close - s - 1)};
    }
  }
  while (*p < end && **p != '=' && **p != ',')
    (*p)++;
  return (Str){s, (uint32_t)(*p - s)};
}

static bool keyword(Str s, const char *kw) {
  return s.len == strlen(kw) && !strncasecmp(s.s, kw, s.len);
}

// Parses one export directive (without its "-export:"), false when it is
// malformed.
static bool parse_export(const char *p, const char *end, DirectiveExport *x) {
  x->name = take_name(&p, end);
  if (!x->name.len)
    return false;
  if (p < end && *p == '=') {
    p++;
    x->internal = take_name(&p, end);
    if (!x->internal.len)
      return false;
  }
  while (p < end) {
    if (*p++ != ',')
      return false;
    const char *start = p;
    while (p < end && *p != ',')
      p++;
    Str option = {start, (uint32_t)(p - start)};
    if (option.len > 1 && option.s[0] == '@') {
      unsigned long n = 0;
      for (uint32_t i = 1; i < option.len; i++) {
        if (option.s[i] < '0' || option.s[i] > '9' || (n = n * 10 + (unsigned long)(option.s[i] - '0')) > 65535)
          return false;
      }
      if (!n)
        return false;
      x->ordinal = (uint16_t)n;
    } else if (keyword(option, "noname")) {
      x->noname = true;
    } else if (keyword(option, "data")) {
      x->kind = EXPORT_DATA;
    } else if (keyword(option, "constant")) {
      x->kind = EXPORT_CONSTANT;
    } else if (keyword(option, "private")) {
      x->is_private = true;
    } else {
      return false;
    }
  }
  return true;
}

uint32_t drectve_exports(Arena *a, const char *text, size_t len, DirectiveExport **out) {
  uint32_t n = 0, cap = 0;
  DirectiveExport *v = NULL;
  for (size_t i = 0; i < len;) {
    Str d[1];
    if (!split(text + i, len - i, d, 1))
      break;
    i = (size_t)(d[0].s - text) + d[0].len;
    if (!is_export(d[0].s, d[0].len))
      continue;
    v = arena_reserve(a, v, n, &cap, n + 1, sizeof *v);
    DirectiveExport *x = &v[n++];
    *x = (DirectiveExport){.text = d[0], .msvc = d[0].s[0] == '/'};
    x->valid = parse_export(d[0].s + 8, d[0].s + d[0].len, x);
  }
  *out = v;
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
