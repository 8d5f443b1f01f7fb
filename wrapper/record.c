// record.c - export records as JSON Lines: what the scanner (ccdll scan),
// the GCC plugin (inside each object, in its .ccdll section) and the
// readers of objects and .def files say about one exported declaration.
//
//   {"name":"Foo","symbol":"Foo@4","conv":"stdcall","arg_bytes":4,"kind":"code",
//    "file":"bar.c","line":3,"col":18,"prototype":"int __stdcall Foo(int x)"}
//
// name is the declared name (for C++, the mangled one), symbol the symbol
// without the i386 '_', arg_bytes the N of the decoration (-1: none).
// "exported":false marks a declaration seen but not exported (the
// scanner's --all-prototypes). One object a line, keys in this order; the
// reader takes any order and skips keys it does not know.
#include "core.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The length of the UTF-8 sequence at s, 0 when it is none (a name read
// from a hostile file may hold any byte).
static int utf8_length(const unsigned char *s) {
  int n = s[0] >= 0xf5 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
  for (int i = 1; i < n; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  return n;
}

void json_put_string(Buf *out, const char *s) {
  buf_put_u8(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    int n;
    if (*p == '"' || *p == '\\')
      buf_printf(out, "\\%c", *p++);
    else if (*p < 0x20)
      buf_printf(out, "\\u%04x", *p++);
    else if (*p < 0x80)
      buf_put_u8(out, *p++);
    else if ((n = utf8_length(p)))
      for (; n; n--)
        buf_put_u8(out, *p++);
    else
      buf_printf(out, "\\u%04x", *p++);   // not UTF-8: the byte as Latin-1
  }
  buf_put_u8(out, '"');
}

void record_write(Buf *out, const Export *e) {
  buf_puts(out, "{\"name\":");
  json_put_string(out, e->name);
  buf_puts(out, ",\"symbol\":");
  json_put_string(out, e->symbol ? e->symbol : e->name);
  buf_printf(out, ",\"conv\":\"%s\",\"arg_bytes\":%d,\"kind\":\"%s\"", conv_name(e->conv), e->arg_bytes,
             export_kind_name(e->kind));
  if (e->loc.file) {
    buf_puts(out, ",\"file\":");
    json_put_string(out, e->loc.file);
    if (e->loc.line)   // 0: an object file, no line in it
      buf_printf(out, ",\"line\":%d,\"col\":%d", e->loc.line, e->loc.col);
  }
  if (e->prototype) {
    buf_puts(out, ",\"prototype\":");
    json_put_string(out, e->prototype);
  }
  if (e->declaration_only)
    buf_puts(out, ",\"exported\":false");
  buf_puts(out, "}\n");
}

//
// Reading
//

typedef struct {
  Diag *diag;
  Arena *arena;
  const char *path;
  const char *p, *end, *line_start;
  int lineno;
  bool failed;
} Reader;

static void fail(Reader *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void fail(Reader *r, const char *fmt, ...) {
  if (r->failed)
    return;
  SrcLoc loc = {r->path, r->lineno, (int)(r->p - r->line_start) + 1};
  va_list ap;
  va_start(ap, fmt);
  diag_report(r->diag, DIAG_ERROR, &loc, fmt, ap);
  va_end(ap);
  r->failed = true;
}

static void skip_space(Reader *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r'))
    r->p++;
}

static bool expect(Reader *r, char c) {
  skip_space(r);
  if (r->p < r->end && *r->p == c) {
    r->p++;
    return true;
  }
  fail(r, "expected '%c' in an export record", c);
  return false;
}

static int hex_digit(char c) {
  return isdigit((unsigned char)c) ? c - '0' : isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 : -1;
}

// A JSON string; \uXXXX of U+0001..U+00FF only (what the writer writes,
// and what a name can hold).
static char *read_string(Reader *r) {
  if (!expect(r, '"'))
    return NULL;
  Buf b = {0};
  while (r->p < r->end && *r->p != '"' && *r->p != '\n') {
    const char *at = r->p;
    char c = *r->p++;
    if (c == '\\' && r->p < r->end) {
      char e = *r->p++;
      if (e == 'u' && r->end - r->p >= 4) {
        int v = 0;
        for (int i = 0; i < 4 && v >= 0; i++)
          v = hex_digit(r->p[i]) < 0 ? -1 : v * 16 + hex_digit(r->p[i]);
        r->p += 4;
        if (v <= 0 || v > 0xff) {
          fail(r, "unsupported escape in an export record");
          break;
        }
        c = (char)v;
      } else if (e == '"' || e == '\\' || e == '/') {
        c = e;
      } else if (e == 'n' || e == 't') {
        c = e == 'n' ? '\n' : '\t';
      } else {
        r->p = at;   // reported at the backslash
        fail(r, "unknown escape '\\%c' in an export record", e);
        break;
      }
    } else if ((unsigned char)c < 0x20) {
      fail(r, "control character in a string of an export record");
      break;
    }
    buf_put_u8(&b, (uint8_t)c);
  }
  char *s = NULL;
  if (!r->failed && r->p < r->end && *r->p == '"') {
    r->p++;
    s = arena_strndup(r->arena, b.len ? (char *)b.data : "", b.len);
  } else {
    fail(r, "unterminated string in an export record");
  }
  buf_free(&b);
  return s;
}

static bool read_int(Reader *r, long *out) {
  skip_space(r);
  const char *start = r->p;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  long v = 0;
  bool digits = false;
  while (r->p < r->end && isdigit((unsigned char)*r->p) && v < 100000000) {
    v = v * 10 + (*r->p++ - '0');
    digits = true;
  }
  if (!digits || (r->p < r->end && isdigit((unsigned char)*r->p))) {
    fail(r, "expected a number in an export record");
    return false;
  }
  *out = *start == '-' ? -v : v;
  return true;
}

// Skips a value of a key the reader does not know: a string, a number,
// true, false or null (records hold nothing else).
static void skip_value(Reader *r) {
  skip_space(r);
  if (r->p < r->end && *r->p == '"') {
    read_string(r);
    return;
  }
  const char *start = r->p;
  while (r->p < r->end && (isalnum((unsigned char)*r->p) || *r->p == '-' || *r->p == '.'))
    r->p++;
  if (r->p == start)
    fail(r, "expected a value in an export record");
}

static bool parse_conv(const char *s, CallConv *out) {
  static const CallConv all[] = {CONV_NONE, CONV_CDECL, CONV_STDCALL, CONV_FASTCALL, CONV_VECTORCALL,
                                 CONV_THISCALL};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++)
    if (!strcmp(conv_name(all[i]), s)) {
      *out = all[i];
      return true;
    }
  return false;
}

static Export *read_record(Reader *r) {
  Export *e = arena_alloc(r->arena, sizeof(Export));
  e->arg_bytes = -1;
  const char *symbol = NULL;
  if (!expect(r, '{'))
    return NULL;
  skip_space(r);
  if (r->p < r->end && *r->p == '}') {
    fail(r, "an export record without a name");
    return NULL;
  }
  do {
    char *key = read_string(r);
    if (!key || !expect(r, ':'))
      return NULL;
    long n;
    char *s;
    if (!strcmp(key, "name")) {
      e->name = read_string(r);
    } else if (!strcmp(key, "symbol")) {
      symbol = read_string(r);
    } else if (!strcmp(key, "conv")) {
      if ((s = read_string(r)) && !parse_conv(s, &e->conv))
        fail(r, "unknown calling convention '%s' in an export record", s);
    } else if (!strcmp(key, "arg_bytes")) {
      if (read_int(r, &n))
        e->arg_bytes = (int)n;
    } else if (!strcmp(key, "kind")) {
      if ((s = read_string(r)))
        e->kind = !strcmp(s, "data") ? EXPORT_DATA : !strcmp(s, "constant") ? EXPORT_CONSTANT : EXPORT_CODE;
      if (s && strcmp(s, "data") && strcmp(s, "constant") && strcmp(s, "code"))
        fail(r, "unknown kind '%s' in an export record", s);
    } else if (!strcmp(key, "file")) {
      e->loc.file = read_string(r);
    } else if (!strcmp(key, "line") || !strcmp(key, "col")) {
      if (read_int(r, &n))
        *(key[0] == 'l' ? &e->loc.line : &e->loc.col) = (int)n;
    } else if (!strcmp(key, "prototype")) {
      e->prototype = read_string(r);
    } else if (!strcmp(key, "exported")) {
      skip_space(r);
      e->declaration_only = r->end - r->p >= 5 && !memcmp(r->p, "false", 5);
      skip_value(r);
    } else {
      skip_value(r);
    }
    if (r->failed)
      return NULL;
    skip_space(r);
  } while (r->p < r->end && *r->p == ',' && r->p++);
  if (!expect(r, '}'))
    return NULL;
  if (!e->name || !*e->name) {
    fail(r, "an export record without a name");
    return NULL;
  }
  if (symbol && strcmp(symbol, e->name))
    e->symbol = symbol;
  return e;
}

bool records_parse(Diag *d, Arena *a, const char *path, const char *text, size_t len, ExportList *out) {
  Reader r = {d, a, path, text, text + len, text, 1, false};
  int errors = d->errors;
  while (r.p < r.end) {
    r.line_start = r.p;
    r.failed = false;
    skip_space(&r);
    if (r.p < r.end && *r.p != '\n') {
      Export *e = read_record(&r);
      skip_space(&r);
      if (e && r.p < r.end && *r.p != '\n')
        fail(&r, "more after the end of an export record");
      if (e && !r.failed)
        exportlist_merge(out, e, d, e->loc.file ? &e->loc : &(SrcLoc){path, r.lineno, 1});
    }
    const char *nl = memchr(r.p, '\n', (size_t)(r.end - r.p));
    r.p = nl ? nl + 1 : r.end;
    r.lineno++;
  }
  return d->errors == errors;
}
