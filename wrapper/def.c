// def.c - a strict reader for module-definition (.def) files.
//
// Both dialects of the EXPORTS language are read:
//   MinGW (GNU dlltool, ld): a stdcall function is written `Foo@4`;
//   MSVC (link.exe, lib.exe): it is written `_Foo@4` on i386.
// The model keeps the MinGW form (no i386 '_'), so a file read in one dialect
// can be written in the other (defwrite.c).
//
// Grammar (one statement per line; `;` starts a comment; names may be quoted
// with "" or ''; keywords are upper case):
//
//   file      = { statement }
//   statement = ("LIBRARY" | "NAME") [name] ["BASE" "=" number]
//             | "EXPORTS" [export]          then one export per line
//             | "HEAPSIZE" number ["," number]
//             | "STACKSIZE" number ["," number]
//             | "VERSION" number ["." number]
//             | "DESCRIPTION" string
//             | "SECTIONS" | "SEGMENTS"     then one `name {attribute}` per line
//   export    = name ["=" internal] ["@" ordinal ["NONAME"]]
//               {"DATA" | "CONSTANT" | "PRIVATE"} [("==" | "EXPORTAS") name]
//   internal  = symbol | module "." function | module ".#" ordinal
//
// Every error is reported with its place, and reading goes on with the next
// line, so one run shows all errors of a file.
#include "core.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum { TK_NAME, TK_EQ, TK_EQEQ, TK_COMMA, TK_END, TK_ERROR } TokenKind;

// A token of the current line. Names are ended in place (see
// tokenize_line), so the model keeps them without a copy.
typedef struct {
  TokenKind kind;
  const char *s;       // TK_NAME: the name, quotes removed, NUL-terminated;
                       // TK_ERROR: what is wrong there
  int len;
  bool quoted;
  int col;
} Token;

typedef enum { IN_TOP, IN_EXPORTS, IN_SECTIONS } Section;

typedef struct {
  Diag *diag;
  Arena *arena;
  const char *path;
  Dialect dialect;
  Machine machine;
  Module *m;
  Section section;
  bool seen_library;
  // The current line, its tokens and the cursor in them.
  char *line;
  size_t line_len;
  int lineno;
  Token *tokens;
  int ntokens, cap, next;
  bool line_failed;    // an error was reported on this line; skip the rest
} Parser;

static SrcLoc loc_at(Parser *p, int col) {
  return (SrcLoc){p->path, p->lineno, col};
}

static void error_at(Parser *p, int col, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void error_at(Parser *p, int col, const char *fmt, ...) {
  SrcLoc loc = loc_at(p, col);
  va_list ap;
  va_start(ap, fmt);
  diag_report(p->diag, DIAG_ERROR, &loc, fmt, ap);
  va_end(ap);
  p->line_failed = true;
}

//
// Tokens
//

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// A word ends at blanks, `=`, `,`, `;` and quotes.
static bool ends_word(char c) {
  return is_space(c) || c == '=' || c == ',' || c == ';' || c == '"' || c == '\'';
}

// Scans the token at *pos of the line; a malformed one is a TK_ERROR,
// reported when the parser reaches it.
static Token scan_token(char *s, size_t n, size_t *pos) {
  while (*pos < n && is_space(s[*pos]))
    (*pos)++;
  int col = (int)*pos + 1;
  if (*pos >= n || s[*pos] == ';')
    return (Token){TK_END, NULL, 0, false, col};

  char c = s[*pos];
  if (c == '=') {
    bool eqeq = *pos + 1 < n && s[*pos + 1] == '=';
    *pos += eqeq ? 2 : 1;
    return (Token){eqeq ? TK_EQEQ : TK_EQ, NULL, 0, false, col};
  }
  if (c == ',') {
    (*pos)++;
    return (Token){TK_COMMA, NULL, 0, false, col};
  }
  if (c == '"' || c == '\'') {
    char *start = s + *pos + 1;
    char *end = memchr(start, c, n - *pos - 1);
    if (!end) {
      *pos = n;
      return (Token){TK_ERROR, c == '"' ? "missing terminating \" character" : "missing terminating ' character",
                     0, false, col};
    }
    *pos = (size_t)(end - s) + 1;
    if (end == start)
      return (Token){TK_ERROR, "empty name", 0, false, col};
    return (Token){TK_NAME, start, (int)(end - start), true, col};
  }
  size_t start = *pos;
  while (*pos < n && !ends_word(s[*pos]))
    (*pos)++;
  return (Token){TK_NAME, s + start, (int)(*pos - start), false, col};
}

// Splits the line into its tokens, then writes a NUL after each name: the
// byte there (a blank, '=', ',', ';', a quote, the line end, or the NUL
// after the text) has been read by then.
static void tokenize_line(Parser *p) {
  p->ntokens = p->next = 0;
  size_t pos = 0;
  for (;;) {
    if (p->ntokens == p->cap) {
      p->cap = p->cap ? p->cap * 2 : 16;
      p->tokens = xrealloc(p->tokens, sizeof(Token) * (size_t)p->cap);
    }
    Token t = scan_token(p->line, p->line_len, &pos);
    p->tokens[p->ntokens++] = t;
    if (t.kind == TK_END || t.kind == TK_ERROR)
      break;
  }
  for (int i = 0; i < p->ntokens; i++)
    if (p->tokens[i].kind == TK_NAME)
      ((char *)p->tokens[i].s)[p->tokens[i].len] = '\0';
}

static Token next_token(Parser *p) {
  Token t = p->tokens[p->next];
  if (t.kind == TK_ERROR) {
    error_at(p, t.col, "%s", t.s);
    return (Token){TK_END, NULL, 0, false, t.col};
  }
  if (t.kind != TK_END)
    p->next++;
  return t;
}

static Token peek_token(Parser *p) {
  return p->tokens[p->next];
}

// The token's text as a string the model can keep.
static char *token_text(Token t) {
  return (char *)t.s;
}

static bool equal_fold_case(const char *a, int alen, const char *b) {
  int i = 0;
  for (; i < alen && b[i]; i++)
    if (toupper((unsigned char)a[i]) != toupper((unsigned char)b[i]))
      return false;
  return i == alen && !b[i];
}

static bool is_word(Token t, const char *kw) {
  return t.kind == TK_NAME && !t.quoted && !strncmp(t.s, kw, (size_t)t.len) && !kw[t.len];
}

static const char *describe(Token t) {
  switch (t.kind) {
  case TK_EQ: return "'='";
  case TK_EQEQ: return "'=='";
  case TK_COMMA: return "','";
  case TK_END: return "end of line";
  case TK_NAME: case TK_ERROR: break;
  }
  return NULL;
}

// "unexpected 'x'" for any token where none more is allowed.
static void unexpected(Parser *p, Token t, const char *what) {
  if (t.kind == TK_NAME)
    error_at(p, t.col, "unexpected '%.*s' %s", t.len, t.s, what);
  else
    error_at(p, t.col, "unexpected %s %s", describe(t), what);
}

static void expect_end(Parser *p, const char *what) {
  Token t = next_token(p);
  if (t.kind != TK_END && !p->line_failed)
    unexpected(p, t, what);
}

//
// Keywords
//

static const char *const directives[] = {
  "LIBRARY", "NAME", "EXPORTS", "HEAPSIZE", "STACKSIZE", "VERSION",
  "DESCRIPTION", "SECTIONS", "SEGMENTS", NULL,
};

static const char *const export_keywords[] = {
  "DATA", "CONSTANT", "PRIVATE", "NONAME", "EXPORTAS", "BASE", NULL,
};

// The keyword of `list` that an unquoted word is (case folded if asked), or NULL.
static const char *keyword(Token t, const char *const *list, bool fold_case) {
  if (t.kind != TK_NAME || t.quoted)
    return NULL;
  for (; *list; list++) {
    if (!fold_case && t.s[0] != (*list)[0])
      continue;
    if (fold_case ? equal_fold_case(t.s, t.len, *list) : is_word(t, *list))
      return *list;
  }
  return NULL;
}

//
// Numbers
//

// number = decimal | "0x" hex. Returns false for anything else or overflow.
static bool parse_number(const char *s, int len, uint64_t *out) {
  int base = 10, i = 0;
  if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  }
  if (i == len)
    return false;
  uint64_t v = 0;
  for (; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    int digit;
    if (isdigit(c))
      digit = c - '0';
    else if (base == 16 && isxdigit(c))
      digit = tolower(c) - 'a' + 10;
    else
      return false;
    if (v > (UINT64_MAX - (uint64_t)digit) / (uint64_t)base)
      return false;
    v = v * (uint64_t)base + (uint64_t)digit;
  }
  *out = v;
  return true;
}

// An ordinal is decimal, 1 to 65535 (PE/COFF: ordinals are 16 bits, and
// link.exe and GNU ld reject 0).
static bool parse_ordinal(Parser *p, const char *s, int len, int col, uint16_t *out) {
  if (!len) {
    error_at(p, col, "expected an ordinal number");
    return false;
  }
  uint64_t v = 0;
  for (int i = 0; i < len; i++) {
    if (!isdigit((unsigned char)s[i])) {
      error_at(p, col, "expected an ordinal number, not '%.*s'", len, s);
      return false;
    }
    if (v <= MAX_ORDINAL)
      v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v < 1 || v > MAX_ORDINAL) {
    error_at(p, col, "ordinal %.*s is out of range (1 to %d)", len, s, MAX_ORDINAL);
    return false;
  }
  *out = (uint16_t)v;
  return true;
}

// A number statement argument: "HEAPSIZE 0x100000".
static bool expect_number(Parser *p, const char *what, uint64_t *out) {
  Token t = next_token(p);
  if (t.kind != TK_NAME || t.quoted) {
    if (!p->line_failed)
      error_at(p, t.col, "expected a number after '%s'", what);
    return false;
  }
  if (!parse_number(t.s, t.len, out)) {
    error_at(p, t.col, "expected a number after '%s', not '%.*s'", what, t.len, t.s);
    return false;
  }
  return true;
}

//
// Names
//

// A name may hold any byte but controls; the reader rejects those so that
// every name can be written back. Returns the name, or NULL after an error.
static char *name_text(Parser *p, Token t) {
  for (int i = 0; i < t.len; i++)
    if ((unsigned char)t.s[i] < 0x20 || t.s[i] == 0x7f) {
      error_at(p, t.col, "invalid character 0x%02x in name", (unsigned char)t.s[i]);
      return NULL;
    }
  return token_text(t);
}

// In an MSVC .def, link.exe and lld take a name with an '@' as the symbol
// itself; any other name gets the i386 '_' (llvm's COFFModuleDefinition,
// isDecorated). So the MinGW name `Foo@4` (symbol `_Foo@4`) is written
// `_Foo@4` in the MSVC dialect. Fastcall `@Foo@4`, vectorcall `Foo@@4` and
// C++ `?Foo@@YAXXZ` names are the same in both dialects.
bool def_msvc_verbatim(const char *name) {
  return strchr(name, '@') && name[0] != '@' && name[0] != '?' && !strstr(name, "@@");
}

// The model form (MinGW's, without the i386 '_') of a name written in the
// file's dialect.
static const char *model_name(Parser *p, Token t) {
  char *name = name_text(p, t);
  if (!name || p->dialect != DIALECT_MSVC || p->machine != MACH_I386 || !def_msvc_verbatim(name))
    return name;
  if (name[0] == '_')
    return name + 1;
  // link.exe takes `Foo@4` as the symbol `Foo@4`, without the '_' every C
  // compiler puts there: the classic cause of unresolved stdcall imports.
  error_at(p, t.col, "name '%s' lacks the leading '_' of the MSVC dialect; write '_%s'", name, name);
  return NULL;
}

// Fills conv and arg_bytes from a decorated symbol, if its decoration is
// one that this machine's compilers emit (on x86_64 only vectorcall is).
static void set_convention(Parser *p, Export *e, const char *symbol) {
  Undecorated u;
  undecorate(symbol, &u);
  bool real = conv_is_decorated(p->machine, u.conv);
  e->conv = real ? u.conv : CONV_NONE;
  e->arg_bytes = real ? u.arg_bytes : -1;
}

//
// Statements
//

// internal = symbol | module "." function | module ".#" ordinal
static void parse_internal(Parser *p, Export *e, Token t) {
  const char *dot = memchr(t.s, '.', (size_t)t.len);
  if (!dot) {
    e->symbol = model_name(p, t);
    return;
  }
  int module_len = (int)(dot - t.s);
  const char *func = dot + 1;
  int func_len = t.len - module_len - 1;
  if (!module_len) {
    error_at(p, t.col, "forwarder '%.*s' has no module name before the '.'", t.len, t.s);
    return;
  }
  if (!func_len) {
    error_at(p, t.col, "forwarder '%.*s' has no function name after the '.'", t.len, t.s);
    return;
  }
  if (func[0] == '#') {
    uint16_t ord;
    if (parse_ordinal(p, func + 1, func_len - 1, t.col + module_len + 2, &ord))
      e->forward = arena_printf(p->arena, "%.*s.#%u", module_len, t.s, ord);
    return;
  }
  e->forward = name_text(p, t);
}

// Reports what is wrong with a word where a flag of an export belongs.
static void bad_flag(Parser *p, Export *e, Token t) {
  if (t.kind == TK_EQ) {
    error_at(p, t.col, "'=' must come right after the export name");
  } else if (t.kind != TK_NAME || t.quoted) {
    unexpected(p, t, "in an export");
  } else if (t.s[0] == '@') {
    if (e->ordinal)
      error_at(p, t.col, "second ordinal '%.*s' for one export", t.len, t.s);
    else
      error_at(p, t.col, "the ordinal '%.*s' must come before DATA, CONSTANT and PRIVATE", t.len, t.s);
  } else if (keyword(t, export_keywords, true) && !is_word(t, "BASE")) {
    error_at(p, t.col, "unknown keyword '%.*s'; did you mean '%s'?", t.len, t.s,
             keyword(t, export_keywords, true));
  } else {
    error_at(p, t.col, "unexpected '%.*s' after the export; one export per line", t.len, t.s);
  }
}

// export = name ["=" internal] ["@" ordinal ["NONAME"]]
//          {"DATA" | "CONSTANT" | "PRIVATE"} [("==" | "EXPORTAS") name]
static void parse_export(Parser *p, Token t) {
  if (t.kind != TK_NAME) {
    unexpected(p, t, "where an export name is expected");
    return;
  }
  if (keyword(t, export_keywords, false)) {
    error_at(p, t.col, "'%.*s' is a keyword; quote it to export a symbol of that name", t.len, t.s);
    return;
  }
  if (!t.quoted && t.s[0] == '@' && (t.len == 1 || isdigit((unsigned char)t.s[1]))) {
    error_at(p, t.col, "expected an export name before the ordinal '%.*s'", t.len, t.s);
    return;
  }

  Export *e = arena_alloc(p->arena, sizeof(Export));
  e->name = model_name(p, t);
  if (!e->name)
    return;
  e->loc = loc_at(p, t.col);
  e->kind = EXPORT_CODE;
  int ordinal_col = 0;

  t = next_token(p);
  if (t.kind == TK_EQ) {
    Token internal = next_token(p);
    if (internal.kind != TK_NAME) {
      if (!p->line_failed)
        error_at(p, internal.col, "expected a symbol after '='");
      return;
    }
    parse_internal(p, e, internal);
    if (p->line_failed)
      return;
    t = next_token(p);
  }

  // "@" ordinal, glued ("@3") or apart ("@ 3").
  if (t.kind == TK_NAME && !t.quoted && t.s[0] == '@') {
    ordinal_col = t.col;
    Token digits = {TK_NAME, t.s + 1, t.len - 1, false, t.col + 1};
    if (!digits.len) {
      digits = next_token(p);
      if (digits.kind != TK_NAME) {
        error_at(p, digits.col, "expected an ordinal number after '@'");
        return;
      }
    }
    if (!parse_ordinal(p, digits.s, digits.len, digits.col, &e->ordinal))
      return;
    t = next_token(p);
    if (is_word(t, "NONAME")) {
      e->noname = true;
      t = next_token(p);
    }
  }

  for (; t.kind != TK_END; t = next_token(p)) {
    if (t.kind == TK_EQEQ || is_word(t, "EXPORTAS")) {
      const char *what = t.kind == TK_EQEQ ? "==" : "EXPORTAS";
      Token n = next_token(p);
      if (n.kind != TK_NAME) {
        if (!p->line_failed)
          error_at(p, n.col, "expected a name after '%s'", what);
        return;
      }
      e->import_name = name_text(p, n);
      if (!e->import_name)
        return;
      expect_end(p, arena_printf(p->arena, "after the '%s' name", what));
      break;
    }
    if (is_word(t, "DATA") || is_word(t, "CONSTANT")) {
      ExportKind kind = t.s[0] == 'D' ? EXPORT_DATA : EXPORT_CONSTANT;
      if (e->kind == kind)
        error_at(p, t.col, "'%.*s' given twice", t.len, t.s);
      else if (e->kind != EXPORT_CODE)
        error_at(p, t.col, "an export cannot be both DATA and CONSTANT");
      e->kind = kind;
    } else if (is_word(t, "PRIVATE")) {
      if (e->is_private)
        error_at(p, t.col, "'PRIVATE' given twice");
      e->is_private = true;
    } else if (is_word(t, "NONAME")) {
      if (e->noname)
        error_at(p, t.col, "'NONAME' given twice");
      else if (!e->ordinal)
        error_at(p, t.col, "'NONAME' needs an ordinal before it ('@n NONAME')");
      else
        error_at(p, t.col, "'NONAME' must come right after the ordinal");
    } else {
      bad_flag(p, e, t);
    }
    if (p->line_failed)
      return;
  }
  if (p->line_failed)
    return;

  set_convention(p, e, e->forward ? e->name : e->symbol ? e->symbol : e->name);

  Export *old = exportlist_add(&p->m->exports, e);
  if (old) {
    error_at(p, e->loc.col, "duplicate export '%s'", e->name);
    diag_note(p->diag, &old->loc, "previous definition of '%s' is here", old->name);
    return;
  }
  if (e->ordinal) {
    old = exportlist_claim_ordinal(&p->m->exports, e);
    if (old) {
      error_at(p, ordinal_col, "ordinal %u is already used by '%s'", e->ordinal, old->name);
      diag_note(p->diag, &old->loc, "'%s' is defined here", old->name);
    }
  }
}

// ("LIBRARY" | "NAME") [name] ["BASE" "=" number]
static void parse_library(Parser *p, Token kw) {
  Module *m = p->m;
  bool is_exe = is_word(kw, "NAME");
  if (p->seen_library) {
    if (m->is_exe == is_exe)
      error_at(p, kw.col, "'%.*s' given twice", kw.len, kw.s);
    else
      error_at(p, kw.col, "both NAME and LIBRARY given");
    diag_note(p->diag, &m->dll_loc, "previous statement is here");
    return;
  }
  p->seen_library = true;
  m->is_exe = is_exe;
  m->dll_loc = loc_at(p, kw.col);

  Token t = next_token(p);
  if (t.kind == TK_NAME && !is_word(t, "BASE")) {
    if (keyword(t, directives, false) || keyword(t, export_keywords, false)) {
      error_at(p, t.col, "'%.*s' is a keyword; quote it to use it as the module name", t.len, t.s);
      return;
    }
    m->dll_name = name_text(p, t);
    if (!m->dll_name)
      return;
    t = next_token(p);
  }
  if (is_word(t, "BASE")) {
    Token eq = next_token(p);
    if (eq.kind != TK_EQ) {
      error_at(p, eq.col, "expected '=' after 'BASE'");
      return;
    }
    if (!expect_number(p, "BASE=", &m->image_base))
      return;
    m->has_base = true;
    t = next_token(p);
  }
  if (t.kind != TK_END && !p->line_failed)
    unexpected(p, t, is_exe ? "in the NAME statement" : "in the LIBRARY statement");
}

// ("HEAPSIZE" | "STACKSIZE") reserve ["," commit]
static void parse_size(Parser *p, bool heap) {
  const char *kw = heap ? "HEAPSIZE" : "STACKSIZE";
  uint64_t reserve, commit = 0;
  if (!expect_number(p, kw, &reserve))
    return;
  bool has_commit = false;
  if (peek_token(p).kind == TK_COMMA) {
    next_token(p);
    if (!expect_number(p, ",", &commit))
      return;
    has_commit = true;
  }
  expect_end(p, heap ? "in the HEAPSIZE statement" : "in the STACKSIZE statement");
  if (p->line_failed)
    return;
  Module *m = p->m;
  if (heap) {
    m->has_heap = true;
    m->heap_reserve = reserve;
    m->has_heap_commit = has_commit;
    m->heap_commit = commit;
  } else {
    m->has_stack = true;
    m->stack_reserve = reserve;
    m->has_stack_commit = has_commit;
    m->stack_commit = commit;
  }
}

// "VERSION" major ["." minor]: decimal, each 0 to 65535 (the PE image
// version fields are 16 bits).
static void parse_version(Parser *p) {
  Token t = next_token(p);
  if (t.kind != TK_NAME || t.quoted) {
    if (!p->line_failed)
      error_at(p, t.col, "expected a version 'major[.minor]' after 'VERSION'");
    return;
  }
  const char *dot = memchr(t.s, '.', (size_t)t.len);
  int major_len = dot ? (int)(dot - t.s) : t.len;
  const char *minor = dot ? dot + 1 : "0";
  int minor_len = dot ? t.len - major_len - 1 : 1;
  bool decimal = major_len > 0 && minor_len > 0;
  for (int i = 0; i < t.len; i++)
    decimal &= isdigit((unsigned char)t.s[i]) || t.s + i == dot;
  uint64_t maj, min;
  if (!decimal || !parse_number(t.s, major_len, &maj) || !parse_number(minor, minor_len, &min)) {
    error_at(p, t.col, "expected a version 'major[.minor]' after 'VERSION', not '%.*s'", t.len, t.s);
    return;
  }
  if (maj > 65535 || min > 65535) {
    error_at(p, t.col, "version '%.*s' is out of range (each part 0 to 65535)", t.len, t.s);
    return;
  }
  expect_end(p, "in the VERSION statement");
  if (p->line_failed)
    return;
  p->m->has_version = true;
  p->m->version_major = (uint32_t)maj;
  p->m->version_minor = (uint32_t)min;
}

// "DESCRIPTION" string
static void parse_description(Parser *p) {
  Token t = next_token(p);
  if (t.kind != TK_NAME) {
    if (!p->line_failed)
      error_at(p, t.col, "expected a quoted text after 'DESCRIPTION'");
    return;
  }
  char *text = name_text(p, t);
  expect_end(p, "in the DESCRIPTION statement");
  if (!p->line_failed)
    p->m->description = text;
}

// section = name {"READ" | "WRITE" | "EXECUTE" | "SHARED"}
static void parse_section(Parser *p, Token name) {
  static const char *const attrs[] = {"READ", "WRITE", "EXECUTE", "SHARED", NULL};
  if (name.kind != TK_NAME) {
    unexpected(p, name, "where a section name is expected");
    return;
  }
  Buf list = {0};
  for (Token t = next_token(p); t.kind != TK_END && !p->line_failed; t = next_token(p)) {
    if (!keyword(t, attrs, false)) {
      if (t.kind == TK_NAME)
        error_at(p, t.col, "unknown section attribute '%.*s' (READ, WRITE, EXECUTE or SHARED)",
                 t.len, t.s);
      else
        unexpected(p, t, "in a section attribute list");
      break;
    }
    if (list.len)
      buf_put_u8(&list, ' ');
    buf_put(&list, t.s, (size_t)t.len);
  }
  char *section_name = p->line_failed ? NULL : name_text(p, name);
  if (section_name) {
    Module *m = p->m;
    DefSection *v = arena_alloc(p->arena, sizeof(DefSection) * (size_t)(m->nsections + 1));
    if (m->nsections)
      memcpy(v, m->sections, sizeof(DefSection) * (size_t)m->nsections);
    v[m->nsections++] = (DefSection){
      section_name, arena_strndup(p->arena, list.len ? (char *)list.data : "", list.len),
      loc_at(p, name.col)};
    m->sections = v;
  }
  buf_free(&list);
}

// A directive, and the first entry of a section on the directive's line.
static void parse_directive(Parser *p, Token t, const char *kw) {
  if (!strcmp(kw, "EXPORTS") || !strcmp(kw, "SECTIONS") || !strcmp(kw, "SEGMENTS")) {
    p->section = kw[0] == 'E' ? IN_EXPORTS : IN_SECTIONS;
    Token first = next_token(p);
    if (first.kind != TK_END)
      (p->section == IN_EXPORTS ? parse_export : parse_section)(p, first);
    return;
  }
  p->section = IN_TOP;
  if (!strcmp(kw, "LIBRARY") || !strcmp(kw, "NAME"))
    parse_library(p, t);
  else if (!strcmp(kw, "HEAPSIZE") || !strcmp(kw, "STACKSIZE"))
    parse_size(p, kw[0] == 'H');
  else if (!strcmp(kw, "VERSION"))
    parse_version(p);
  else
    parse_description(p);
}

static void parse_line(Parser *p) {
  Token t = next_token(p);
  if (t.kind == TK_END)
    return;
  const char *kw = keyword(t, directives, false);
  if (kw) {
    parse_directive(p, t, kw);
    return;
  }
  if (p->section == IN_EXPORTS) {
    parse_export(p, t);
    return;
  }
  if (p->section == IN_SECTIONS) {
    parse_section(p, t);
    return;
  }
  kw = keyword(t, directives, true);
  if (kw) {
    // Report "library", then read it as LIBRARY so that the lines after it
    // give no errors of their own.
    error_at(p, t.col, "unknown directive '%.*s'; keywords are upper case", t.len, t.s);
    p->line_failed = false;
    parse_directive(p, (Token){TK_NAME, kw, (int)strlen(kw), false, t.col}, kw);
  } else if (t.kind != TK_NAME) {
    unexpected(p, t, "where a statement is expected");
  } else if (is_word(t, "IMPORTS")) {
    error_at(p, t.col, "IMPORTS statements are not supported; link against an import library instead");
  } else {
    error_at(p, t.col, "unknown directive '%.*s' (an export must follow EXPORTS)", t.len, t.s);
  }
}

bool def_parse(Diag *d, Arena *a, const char *path, char *text, size_t len,
               Dialect dialect, Machine machine, Module *m) {
  Parser p = {.diag = d, .arena = a, .path = path, .dialect = dialect, .machine = machine, .m = m};
  int errors_before = d->errors;
  uint32_t lines = 0;
  for (const char *q = text; (q = memchr(q, '\n', len - (size_t)(q - text))); q++)
    lines++;
  exportlist_reserve(&m->exports, lines + 1);
  size_t pos = 0;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))   // UTF-8 byte order mark
    pos = 3;
  for (p.lineno = 1; pos < len; p.lineno++) {
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - text) : len;
    p.line = text + pos;
    p.line_len = end - pos;
    p.line_failed = false;
    const char *nul = memchr(p.line, '\0', p.line_len);
    if (nul) {
      error_at(&p, (int)(nul - p.line) + 1, "NUL byte in a .def file");
    } else {
      tokenize_line(&p);
      parse_line(&p);
    }
    pos = end + 1;
  }
  free(p.tokens);
  return d->errors == errors_before;
}

bool dialect_parse(const char *name, Dialect *out) {
  if (!strcmp(name, "mingw") || !strcmp(name, "gnu"))
    *out = DIALECT_MINGW;
  else if (!strcmp(name, "msvc") || !strcmp(name, "ms"))
    *out = DIALECT_MSVC;
  else
    return false;
  return true;
}

const char *dialect_name(Dialect d) {
  return d == DIALECT_MSVC ? "msvc" : "mingw";
}
