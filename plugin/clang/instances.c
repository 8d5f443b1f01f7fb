// instances.c - explicit instantiations in a unit's source text, and the
// probes that make libclang 14 show what they instantiate.
//
// libclang 14 has no cursor for an explicit instantiation of a function
// template (`template API int twice<int>(int);`) and shows no member of an
// explicit instantiation of a class template (`template class API
// Box<int>;`), yet both compilers export what they instantiate. scan.c
// finds them and parses the unit again with a probe written after each,
// on the same line (no line moves, nor any text before it): a declaration
// libclang does show and that names the specializations, so that their
// cursors can be taken from it.
//
//   function   `struct __ccdll_f<N>_<V> { friend DECL; };`, DECL being the
//              instantiation's declaration: a friend declaration of a
//              template-id redeclares the specialization. A name without
//              template arguments is tried with `<>` added (they are
//              deduced: `template int twice(int);`) and, when qualified,
//              as written too (`template void Box<long>::set(long);`, a
//              member of a class template): V numbers the forms tried.
//   class      `template <class> struct __ccdll_c<N> : CLASS { using
//              CLASS::NAME; ... };`: a using-declaration of a base's name
//              shows all its overloads, constructors included (`using
//              CLASS::Box;`), or its static data member; and `static int __ccdll_d<N> = (((CLASS *)0)
//              ->~Box(), 0);` for the destructor. The class is a template
//              so that nothing of it is ever instantiated.
//
// Each probe is bracketed by PROBE_OPEN and PROBE_CLOSE comments, so that
// the line can be read back without it (scan.c's prototypes).
//
// The function instantiations are found in the text of the file named
// (not its headers, where an instantiation definition would be repeated in
// every unit): a `template` that starts a declaration (after `;`, `{`, `}`,
// a directive or the start of the file) and is not followed by `<` (an
// explicit specialization) nor by a class key (a class instantiation,
// which has a cursor). `extern template` is a declaration and exports
// nothing; after any other identifier (a macro that may be `extern`) the
// instantiation is kept with that name, for a warning. Function
// instantiations written by a macro's expansion are not seen (those of
// classes are, by their cursors).
#include "scan.h"

#include <string.h>

const char PROBE_OPEN[] = "/*ccdll:*/";
const char PROBE_CLOSE[] = "/*:ccdll*/";

const char *instances_search(const char *text, size_t size, const char *what) {
  size_t n = strlen(what);
  for (const char *p = text; n <= size && (p = memchr(p, what[0], size - n + 1 - (size_t)(p - text)));
       p++)
    if (!memcmp(p, what, n))
      return p;
  return NULL;
}

//
// Tokens
//

typedef enum { TK_EOF, TK_IDENT, TK_PUNCT, TK_LITERAL, TK_DIRECTIVE } TokKind;

typedef struct {
  TokKind kind;
  const char *start;
  size_t len;
} Tok;

typedef struct {
  const char *p, *end;
  bool line_start;     // only blanks since the last newline: a `#` starts a directive
} Lexer;

static bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         (unsigned char)c >= 0x80;
}

static bool tok_is(const Tok *t, const char *s) {
  return t->len == strlen(s) && !memcmp(t->start, s, t->len);
}

// Blanks, newlines, line splices and comments.
static void skip_blanks(Lexer *l) {
  while (l->p < l->end) {
    const char *p = l->p;
    if (*p == '\n') {
      l->line_start = true;
      l->p++;
    } else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
      l->p++;
    } else if (*p == '\\' && p + 1 < l->end && (p[1] == '\n' || p[1] == '\r')) {
      l->p += 2;
    } else if (*p == '/' && p + 1 < l->end && p[1] == '/') {
      while (l->p < l->end && *l->p != '\n')
        l->p++;
    } else if (*p == '/' && p + 1 < l->end && p[1] == '*') {
      const char *close = NULL;
      for (const char *q = p + 2; q + 1 < l->end && !close; q++)
        if (q[0] == '*' && q[1] == '/')
          close = q + 2;
      for (const char *q = p; q < (close ? close : l->end); q++)
        l->line_start |= *q == '\n';
      l->p = close ? close : l->end;
    } else {
      return;
    }
  }
}

// A quoted literal from its quote; a raw string R"delim(...)delim" when raw.
static void skip_literal(Lexer *l, bool raw) {
  char quote = *l->p++;
  if (raw) {
    const char *open = memchr(l->p, '(', (size_t)(l->end - l->p));
    if (!open) {
      l->p = l->end;
      return;
    }
    size_t dlen = (size_t)(open - l->p);
    for (const char *q = open + 1; q < l->end; q++)
      if (*q == ')' && (size_t)(l->end - q) > dlen + 1 && !memcmp(q + 1, l->p, dlen) && q[1 + dlen] == '"') {
        l->p = q + dlen + 2;
        return;
      }
    l->p = l->end;
    return;
  }
  while (l->p < l->end && *l->p != quote && *l->p != '\n')
    l->p += *l->p == '\\' ? 2 : 1;
  if (l->p < l->end && *l->p == quote)
    l->p++;
}

static bool is_string_prefix(const char *s, size_t n, bool *raw) {
  static const char *const prefixes[] = {"L", "u", "U", "u8", "R", "LR", "uR", "UR", "u8R"};
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
    if (strlen(prefixes[i]) == n && !memcmp(prefixes[i], s, n)) {
      *raw = s[n - 1] == 'R';
      return true;
    }
  return false;
}

// The next token; punctuation one character at a time, but for `::`.
static Tok next_token(Lexer *l) {
  skip_blanks(l);
  Tok t = {TK_EOF, l->p, 0};
  if (l->p >= l->end)
    return t;
  const char *p = l->p;
  if (l->line_start && *p == '#') {
    while (l->p < l->end && *l->p != '\n')
      l->p += *l->p == '\\' && l->p + 1 < l->end ? 2 : 1;
    t.kind = TK_DIRECTIVE;
  } else if (is_ident_char(*p) && !(*p >= '0' && *p <= '9')) {
    while (l->p < l->end && is_ident_char(*l->p))
      l->p++;
    bool raw;
    t.kind = TK_IDENT;
    if (l->p < l->end && (*l->p == '"' || *l->p == '\'') && is_string_prefix(p, (size_t)(l->p - p), &raw)) {
      skip_literal(l, raw && *l->p == '"');
      t.kind = TK_LITERAL;
    }
  } else if ((*p >= '0' && *p <= '9') || (*p == '.' && p + 1 < l->end && p[1] >= '0' && p[1] <= '9')) {
    for (l->p++; l->p < l->end; l->p++) {
      char c = *l->p;
      bool sign = (c == '+' || c == '-') && strchr("eEpP", l->p[-1]);
      if (!is_ident_char(c) && c != '.' && c != '\'' && !sign)
        break;
    }
    t.kind = TK_LITERAL;
  } else if (*p == '"' || *p == '\'') {
    skip_literal(l, false);
    t.kind = TK_LITERAL;
  } else {
    l->p += *p == ':' && p + 1 < l->end && p[1] == ':' ? 2 : 1;
    t.kind = TK_PUNCT;
  }
  l->line_start = false;
  t.len = (size_t)(l->p - p);
  return t;
}

//
// The declaration of a function instantiation
//

// Words after which a `(` is not the parameter list.
static bool takes_parens(const Tok *t) {
  static const char *const words[] = {"__declspec", "__attribute__", "__attribute", "decltype", "alignas",
                                      "_Alignas",   "__typeof__",    "__typeof",    "typeof",   "noexcept",
                                      "throw",      "__asm__",       "asm"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (tok_is(t, words[i]))
      return true;
  return false;
}

// The index of the closing one of a bracket pair opened at i.
static int matching(const Tok *v, int n, int i) {
  char open = v[i].start[0], close = open == '(' ? ')' : ']';
  int depth = 0;
  for (int k = i; k < n; k++)
    if (v[k].kind == TK_PUNCT && (v[k].start[0] == open || v[k].start[0] == close) &&
        (depth += v[k].start[0] == open ? 1 : -1) == 0)
      return k;
  return n;
}

// The tokens of an operator's name after `operator` at i: `()`, `[]`,
// `new[]`, or adjacent punctuation (`<<=`); a conversion's type is read
// as ordinary tokens. The index after them.
static int skip_operator_name(const Tok *v, int n, int i) {
  if (i + 1 < n && v[i].kind == TK_PUNCT && (tok_is(&v[i], "(") || tok_is(&v[i], "[")) &&
      v[i + 1].kind == TK_PUNCT && (tok_is(&v[i + 1], ")") || tok_is(&v[i + 1], "]")))
    return i + 2;
  if (i < n && (tok_is(&v[i], "new") || tok_is(&v[i], "delete")))
    return i + 1 < n && tok_is(&v[i + 1], "[") ? i + 3 : i + 1;
  int k = i;
  while (k < n && v[k].kind == TK_PUNCT && !tok_is(&v[k], "(") && !tok_is(&v[k], "::") &&
         (k == i || v[k].start == v[k - 1].start + v[k - 1].len))
    k++;
  return k;
}

// The parameter list of the declaration v[0..n): the first `(` outside
// template arguments that no attribute, decltype or operator name takes.
// *args: the name before it ends with template arguments; *qualified: it
// has a `::`.
static int parameter_list(const Tok *v, int n, bool *args, bool *qualified) {
  int angle = 0, chain = 0, name_end = -1;
  bool conversion = false;   // in `operator TYPE`, whose words are one name
  *args = *qualified = false;
  for (int i = 0; i < n; i++) {
    const Tok *t = &v[i];
    bool after_name = i > 0 && (v[i - 1].kind == TK_IDENT || tok_is(&v[i - 1], ">"));
    if (t->kind == TK_IDENT && tok_is(t, "operator")) {
      if (!(i > 0 && tok_is(&v[i - 1], "::")))
        chain = i;
      name_end = skip_operator_name(v, n, i + 1);
      conversion = name_end == i + 1;
      i = name_end - 1;
      *args = false;
      continue;
    }
    if (t->kind == TK_PUNCT && tok_is(t, "<") && (angle || (i > 0 && v[i - 1].kind == TK_IDENT) || i == name_end)) {
      angle++;
    } else if (t->kind == TK_PUNCT && tok_is(t, ">") && angle) {
      *args = --angle == 0;
      continue;
    } else if (t->kind == TK_PUNCT && (tok_is(t, "(") || tok_is(t, "["))) {
      if (angle || tok_is(t, "[") || (i > 0 && takes_parens(&v[i - 1]))) {
        i = matching(v, n, i);
      } else {
        for (int k = chain; k < i; k++)
          *qualified |= tok_is(&v[k], "::");
        return i;
      }
    } else if (!angle && !conversion && (t->kind == TK_IDENT || tok_is(t, "::") || tok_is(t, "~")) &&
               !(i > 0 && (tok_is(&v[i - 1], "::") || tok_is(&v[i - 1], "~"))) &&
               !(tok_is(t, "::") && after_name)) {
      chain = i;   // a new name starts (not one continued by `::`)
    }
    *args = false;
  }
  return -1;
}

// v[0..n) on one line, without comments: a blank where the text had
// something between two tokens (`&&`, `->` and `<<=` stay whole), `<>`
// inserted before v[insert] (-1: none).
static char *join_tokens(Arena *a, const Tok *v, int n, int insert) {
  Buf b = {0};
  for (int i = 0; i < n; i++) {
    if (i == insert)
      buf_puts(&b, " <>");
    bool apart = i > 0 && v[i].start != v[i - 1].start + v[i - 1].len;
    buf_printf(&b, "%s%.*s", apart ? " " : "", (int)v[i].len, v[i].start);
  }
  char *s = arena_strndup(a, (const char *)b.data, b.len);
  buf_free(&b);
  return s;
}

// The friend declarations that may name the specialization of the
// declaration v[0..n); false when it has no parameter list.
static bool friend_declarations(Arena *a, const Tok *v, int n, Instantiation *in) {
  bool args, qualified;
  int params = parameter_list(v, n, &args, &qualified);
  if (params < 0)
    return false;
  int k = 0;
  if (args || qualified)
    in->friends[k++] = join_tokens(a, v, n, -1);
  if (!args)
    in->friends[k++] = join_tokens(a, v, n, params);
  return true;
}

//
// Finding them
//

static bool is_boundary(const Tok *t) {
  return t->kind == TK_EOF || t->kind == TK_DIRECTIVE ||
         (t->kind == TK_PUNCT && (tok_is(t, ";") || tok_is(t, "{") || tok_is(t, "}")));
}

// The tokens of a declaration up to its `;` (l past it); false when a
// brace or the end of the text comes first.
static bool declaration_tokens(Lexer *l, Arena *a, Tok **v, int *n) {
  uint32_t len = 0, cap = 0;
  *v = NULL;
  for (;;) {
    Tok t = next_token(l);
    if (t.kind == TK_EOF || t.kind == TK_DIRECTIVE || (t.kind == TK_PUNCT && (tok_is(&t, "{") || tok_is(&t, "}"))))
      return false;
    if (t.kind == TK_PUNCT && tok_is(&t, ";"))
      break;
    *v = arena_reserve(a, *v, len, &cap, len + 1, sizeof **v);
    (*v)[len++] = t;
  }
  *n = (int)len;
  return true;
}

int instances_find(Arena *a, const char *text, size_t size, Instantiation **out) {
  *out = NULL;
  if (!text || !instances_search(text, size, "template"))
    return 0;
  Lexer l = {text, text + size, true};
  Tok prev2 = {TK_EOF, text, 0}, prev = prev2;
  uint32_t len = 0, cap = 0;
  for (Tok t; (t = next_token(&l)).kind != TK_EOF; prev2 = prev, prev = t) {
    if (t.kind != TK_IDENT || !tok_is(&t, "template"))
      continue;
    Lexer ahead = l;
    Tok next = next_token(&ahead);
    if (tok_is(&next, "<") || tok_is(&next, "class") || tok_is(&next, "struct") || tok_is(&next, "union"))
      continue;
    bool after_macro = prev.kind == TK_IDENT && !tok_is(&prev, "extern") && is_boundary(&prev2);
    if (!is_boundary(&prev) && !after_macro)
      continue;
    Tok *v;
    int n;
    Instantiation in = {.offset = (unsigned)(t.start - text)};
    if (!declaration_tokens(&l, a, &v, &n) || !friend_declarations(a, v, n, &in))
      continue;
    if (after_macro)
      in.macro = arena_strndup(a, prev.start, prev.len);
    in.insert_at = instance_insert_at(text, size, (unsigned)(l.p - text));
    *out = arena_reserve(a, *out, len, &cap, len + 1, sizeof **out);
    (*out)[len++] = in;
    t = (Tok){TK_PUNCT, l.p - 1, 1};   // the `;`
  }
  return (int)len;
}

unsigned instance_insert_at(const char *text, size_t size, unsigned from) {
  Lexer l = {text + from, text + size, false};
  // Past the `;` of a class instantiation (its cursor ends before it).
  skip_blanks(&l);
  if (l.p < l.end && *l.p == ';')
    l.p++;
  else
    l.p = text + from;
  // To the end of the line, before a comment that reaches it.
  while (l.p < l.end && *l.p != '\n') {
    if (*l.p == '/' && l.p + 1 < l.end && l.p[1] == '/')
      break;
    if (*l.p == '/' && l.p + 1 < l.end && l.p[1] == '*') {
      const char *close = NULL;
      for (const char *q = l.p + 2; q + 1 < l.end && *q != '\n' && !close; q++)
        if (q[0] == '*' && q[1] == '/')
          close = q + 2;
      if (!close)
        break;
      l.p = close;
    } else if (*l.p == '"' || *l.p == '\'') {
      skip_literal(&l, false);
    } else {
      l.p++;
    }
  }
  if (l.p > text && l.p < l.end && *l.p == '\n' && l.p[-1] == '\r')
    l.p--;
  return (unsigned)(l.p - text);
}

//
// Probes
//

void instance_probe(Buf *b, int index, const Instantiation *in) {
  buf_puts(b, PROBE_OPEN);
  if (!in->is_class) {
    for (int v = 0; v < 2 && in->friends[v]; v++)
      buf_printf(b, " struct __ccdll_f%d_%d { friend %s; };", index, v, in->friends[v]);
  } else {
    if (in->ctors || in->nmembers) {
      buf_printf(b, " template <class> struct __ccdll_c%d : %s {", index, in->name);
      if (in->ctors)
        buf_printf(b, " using %s::%s;", in->name, in->short_name);
      for (int i = 0; i < in->nmembers; i++)
        buf_printf(b, " using %s::%s;", in->name, in->members[i]);
      buf_puts(b, " };");
    }
    if (in->dtor)
      buf_printf(b, " static int __ccdll_d%d = (((%s *)0)->~%s(), 0);", index, in->name, in->short_name);
  }
  buf_printf(b, " %s", PROBE_CLOSE);
}
