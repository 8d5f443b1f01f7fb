// scan.c - translation units to export records, with libclang.
//
// A translation unit is parsed with function bodies skipped, then walked:
// the top level, namespaces, extern "C" blocks, friend declarations and,
// in C++, classes. Every function and variable seen is an entity, one for
// all its redeclarations (keyed by the canonical cursor). An entity is
// exported when any of its declarations carries dllexport: written
// (`__declspec(dllexport)`, `__attribute__((dllexport))`, through macros or
// not) or given by clang (the members and static data of a
// `class __declspec(dllexport)`; MinGW exports no inline member there).
//
// Each exported entity becomes one record (record.c) per symbol clang
// emits for it: a constructor or destructor has one per variant (C1/C2,
// D0/D1/D2), a virtual member function its thunks too, as both compilers
// export them all (clang_Cursor_getCXXManglings). The records are the GCC
// plugin's (plugin/gcc; tests/scan/parity.sh compares them):
//
//   C       name = the identifier; symbol = decorate() of the effective
//           convention and the bytes of the parameters: Foo@4, @Fast@8,
//           Vec@@16, cdeclfn, Var.
//   C++     symbol = clang's mangling; name = that without its @N: a
//           __stdcall member on i386 is _ZN6Widget4sgetEi@8 (`this`
//           counted), named _ZN6Widget4sgetEi, as a C one is Foo@4, Foo.
//   conv    the effective convention: variadic functions and x86_64 have
//           no stdcall or fastcall, members are thiscall on mingw i386;
//           none for data.
//   arg_bytes  decorate_arg_bytes over the parameters, -1 when the symbol
//           has no @N.
//
// clang's own mangling is the referee: a symbol that differs from ours is
// our bug, reported as a warning, and clang's is recorded. The one
// exception is where the compilers disagree: a K&R definition is @0 for
// GCC (which the GNU targets follow) and counts its parameters for clang.
//
// Symbols are without the i386 '_' (core.h's model form). The location is
// that of the definition when the unit has one, else of the first
// declaration; always the expansion point of the name, so a declaration
// made by a macro is placed at the macro's use. The prototype is the text
// of that line with its blanks squeezed. Records come in the order of
// their locations in the unit, the variants of one declaration by symbol.
//
// --all-prototypes adds every function (free functions, not members) with
// external linkage declared in a named file or in a header under a named
// file's directory, exported or not, as "exported":false: naming
// /usr/i686-w64-mingw32/include/windows.h covers the SDK headers beside
// it; naming src/foo.c covers src/**/*.h but not <stdio.h>.
//
// What libclang 14 does not show: the members of an explicit instantiation
// (`template class __declspec(dllexport) Box<int>;`: its cursor has no
// children but the static data members defined outside the class) and
// explicit instantiations of function templates (no cursor at all). The
// first is reported with a warning, the second cannot be seen. Explicit
// specializations (`template<> ...`) are ordinary declarations and work.
// Nor does the scanner record vtables and typeinfo (no declaration), which
// the compilers export with a dllexport class.
#define _XOPEN_SOURCE 700   // realpath
#include "scan.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct Scanner {
  Diag *diag;
  Arena *arena;
  ScanOptions opt;
  ExportList *out;
  CXIndex index;           // NULL until a unit is parsed
  CXTranslationUnit last;  // the unit parsed last, disposed of at the next
  const char *resource_dir;
};

// One function or variable: all its redeclarations.
typedef struct {
  CXCursor canon;          // the first declaration
  CXCursor def;            // the definition, when has_def
  unsigned hash;
  uint32_t ndecls;
  uint32_t first_order;    // when the walk met it first
  uint32_t def_order;      // when it met the definition
  bool exported;
  bool has_def;
} Entity;

// What the records need of a file, found once: clang_getFileContents
// searches all of the unit's source entries (macro expansions included),
// far too slow to ask for each of windows.h's thousands of records.
typedef struct {
  CXFile file;
  const char *name;        // as clang names it
  const char *text;
  size_t size;
  int in_scope;            // of --all-prototypes; -1 until asked
} FileInfo;

typedef struct {
  Scanner *s;
  Arena *a;
  Diag *diag;              // messages of this translation unit (cached with it)
  CXTranslationUnit tu;
  Target target;
  Entity *v;
  uint32_t len, cap;
  uint32_t *slots;         // index + 1 into v; 0 = free
  uint32_t nslots;
  const char *scope_dir;   // resolved directory of the named file, with a '/'
  FileInfo *files;
  uint32_t nfiles, files_cap;
  uint32_t last_file;      // index + 1 of the last one asked for
  uint32_t visits;         // declarations met so far
  struct Pending *pending; // records made, before they are put in order
  uint32_t npending, pending_cap;
  ExportList records;      // this unit's records, in order
} Tu;

static const char *cx_str(Arena *a, CXString s) {
  const char *p = clang_getCString(s);
  char *r = arena_strdup(a, p ? p : "");
  clang_disposeString(s);
  return r;
}

//
// Entities
//

static Entity *entity(Tu *t, CXCursor c) {
  CXCursor canon = clang_getCanonicalCursor(c);
  unsigned h = clang_hashCursor(canon);
  if (t->len * 2 >= t->nslots) {
    uint32_t n = t->nslots ? t->nslots * 2 : 1024;
    uint32_t *slots = xmalloc(n * sizeof *slots);
    memset(slots, 0, n * sizeof *slots);
    for (uint32_t i = 0; i < t->len; i++) {
      uint32_t k = t->v[i].hash & (n - 1);
      while (slots[k])
        k = (k + 1) & (n - 1);
      slots[k] = i + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
  }
  uint32_t k = h & (t->nslots - 1);
  for (; t->slots[k]; k = (k + 1) & (t->nslots - 1)) {
    Entity *e = &t->v[t->slots[k] - 1];
    if (e->hash == h && clang_equalCursors(e->canon, canon))
      return e;
  }
  t->v = arena_reserve(t->a, t->v, t->len, &t->cap, t->len + 1, sizeof *t->v);
  t->slots[k] = t->len + 1;
  Entity *e = &t->v[t->len++];
  *e = (Entity){.canon = canon, .hash = h};
  return e;
}

static enum CXChildVisitResult find_dllexport(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_DLLExport) {
    *(bool *)data = true;
    return CXChildVisit_Break;
  }
  // Attributes come first among a declaration's children.
  return k >= CXCursor_FirstAttr && k <= CXCursor_LastAttr ? CXChildVisit_Continue : CXChildVisit_Break;
}

static bool has_dllexport(CXCursor c) {
  bool found = false;
  if (clang_Cursor_hasAttrs(c))
    clang_visitChildren(c, find_dllexport, &found);
  return found;
}

static const char *token_text(Tu *t, CXToken tok, char *buf, size_t size) {
  CXString s = clang_getTokenSpelling(t->tu, tok);
  snprintf(buf, size, "%s", clang_getCString(s) ? clang_getCString(s) : "");
  clang_disposeString(s);
  return buf;
}

static FileInfo *file_info(Tu *t, CXFile file);

// With bodies skipped, libclang no longer tells a function definition from
// a declaration (clang_isCursorDefinition is false for both): read what
// follows the declarator. `{`, a constructor's `:`, `try`, `= default` and
// `= delete` make a definition; `;`, `,` and `= 0` do not. The text is read
// directly (comments, literals and nesting skipped): clang_tokenize needs
// a location made from an offset, which searches all of the unit's source
// entries each time.
static bool function_body_follows(Tu *t, CXCursor c) {
  CXFile file;
  unsigned off;
  clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), &file, NULL, NULL, &off);
  FileInfo *f = file ? file_info(t, file) : NULL;
  if (!f || !f->text || off >= f->size)
    return false;
  const char *p = f->text + off, *end = f->text + f->size;
  int depth = 0;
  while (p < end) {
    char ch = *p;
    if (ch == '/' && p + 1 < end && p[1] == '/') {
      while (p < end && *p != '\n')
        p++;
    } else if (ch == '/' && p + 1 < end && p[1] == '*') {
      for (p += 2; p + 1 < end && !(p[0] == '*' && p[1] == '/'); p++)
        ;
      p += 2;
    } else if (ch == '"' || ch == '\'') {
      for (p++; p < end && *p != ch && *p != '\n'; p++)
        if (*p == '\\')
          p++;
      p++;
    } else if (ch == '(' || ch == '[') {
      depth++, p++;
    } else if (ch == ')' || ch == ']') {
      depth = depth ? depth - 1 : 0, p++;
    } else if (depth) {
      p++;
    } else if (ch == '{' || (ch == ':' && !(p + 1 < end && p[1] == ':') && !(p > f->text && p[-1] == ':'))) {
      return true;
    } else if (ch == ';' || ch == ',' || ch == '}') {
      return false;
    } else if (ch == '=') {
      for (p++; p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'); p++)
        ;
      return (end - p >= 7 && !strncmp(p, "default", 7)) || (end - p >= 6 && !strncmp(p, "delete", 6));
    } else if (ch == 't' && end - p >= 3 && !strncmp(p, "try", 3) && (end - p == 3 || !isalnum((unsigned char)p[3])) &&
               (p == f->text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
      return true;
    } else {
      p++;
    }
  }
  return false;
}

static bool is_definition(Tu *t, CXCursor c) {
  if (clang_isCursorDefinition(c))
    return true;
  if (clang_getCursorKind(c) == CXCursor_VarDecl)
    // A C tentative definition, `int x;` at file scope (in C++ it is a
    // definition outright).
    return clang_Cursor_getStorageClass(c) != CX_SC_Extern &&
           clang_getCursorKind(clang_getCursorSemanticParent(c)) == CXCursor_TranslationUnit;
  // A K&R parameter list (`f(a) int a; {`) exists only in a definition.
  if (clang_getCursorType(c).kind == CXType_FunctionNoProto && clang_Cursor_getNumArguments(c) > 0)
    return true;
  return function_body_follows(t, c);
}

// Another declaration of a function or variable.
static void note_decl(Tu *t, CXCursor c) {
  Entity *e = entity(t, c);
  uint32_t order = t->visits++;
  if (!e->ndecls)
    e->first_order = order;
  // The canonical declaration is not always among those visited (the
  // in-class declaration of a static member of an instantiated template).
  if (!e->ndecls++ && !clang_equalCursors(c, e->canon))
    e->ndecls++;
  if (!e->exported && has_dllexport(c))
    e->exported = true;
  if (e->has_def)
    return;
  if (clang_isCursorDefinition(c)) {
    e->def = c;
    e->def_order = order;
    e->has_def = true;
    return;
  }
  // The harder tests matter only when there are two declarations.
  if (e->ndecls == 2 && !clang_equalCursors(c, e->canon) && is_definition(t, e->canon)) {
    e->def = e->canon;
    e->def_order = e->first_order;
    e->has_def = true;
  } else if (e->ndecls >= 2 && is_definition(t, c)) {
    e->def = c;
    e->def_order = order;
    e->has_def = true;
  }
}

//
// The walk
//

typedef struct {
  Tu *t;
  uint32_t members;        // declarations seen inside the current class
} Walk;

static bool starts_with_extern(Tu *t, CXCursor c) {
  CXToken *tok = clang_getToken(t->tu, clang_getRangeStart(clang_getCursorExtent(c)));
  if (!tok)
    return false;
  char s[16];
  bool r = !strcmp(token_text(t, *tok, s, sizeof s), "extern");
  clang_disposeTokens(t->tu, tok, 1);
  return r;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data);

// The members of an explicit instantiation are there, but libclang's
// visitor does not go into them: say so rather than drop them silently.
static void check_instantiation(Tu *t, CXCursor c) {
  CXCursor tmpl = clang_getSpecializedCursorTemplate(c);
  if (clang_Cursor_isNull(tmpl) || !has_dllexport(c))
    return;
  CXFile file;
  unsigned line, col;
  clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, NULL);
  SrcLoc loc = {file ? cx_str(t->a, clang_getFileName(file)) : NULL, (int)line, (int)col};
  diag_warning(t->diag, &loc,
               "the members of the explicit instantiation '%s' are not visible through libclang; "
               "they are not recorded (the GCC plugin records them)",
               cx_str(t->a, clang_getTypeSpelling(clang_getCursorType(c))));
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  Walk *w = data;
  Tu *t = w->t;
  switch (clang_getCursorKind(c)) {
  case CXCursor_FunctionDecl:
  case CXCursor_VarDecl:
  case CXCursor_CXXMethod:
  case CXCursor_Constructor:
  case CXCursor_Destructor:
  case CXCursor_ConversionFunction:
    w->members++;
    note_decl(t, c);
    return CXChildVisit_Continue;
  case CXCursor_Namespace:
    return clang_Cursor_isAnonymous(c) ? CXChildVisit_Continue : CXChildVisit_Recurse;
  case CXCursor_LinkageSpec:
  case CXCursor_FriendDecl:
    return CXChildVisit_Recurse;
  case CXCursor_UnexposedDecl:
    // libclang 14 exposes `extern "C"` as an unexposed declaration; so are
    // variable templates, whose patterns must not be mangled.
    return starts_with_extern(t, c) ? CXChildVisit_Recurse : CXChildVisit_Continue;
  case CXCursor_ClassDecl:
  case CXCursor_StructDecl:
  case CXCursor_UnionDecl:
    // C++ classes only (libclang calls their language C++): a C struct
    // has no functions, and windows.h has thousands of structs.
    if (clang_getCursorLanguage(c) == CXLanguage_CPlusPlus) {
      Walk inner = {t, 0};
      clang_visitChildren(c, visit, &inner);
      if (!inner.members)
        check_instantiation(t, c);
    }
    return CXChildVisit_Continue;
  default:
    return CXChildVisit_Continue;
  }
}

//
// Records
//

static FileInfo *file_info(Tu *t, CXFile file) {
  if (t->last_file && t->files[t->last_file - 1].file == file)
    return &t->files[t->last_file - 1];
  for (uint32_t i = 0; i < t->nfiles; i++)
    if (t->files[i].file == file) {
      t->last_file = i + 1;
      return &t->files[i];
    }
  t->files = arena_reserve(t->a, t->files, t->nfiles, &t->files_cap, t->nfiles + 1, sizeof *t->files);
  FileInfo *f = &t->files[t->nfiles++];
  t->last_file = t->nfiles;
  *f = (FileInfo){.file = file, .in_scope = -1};
  f->name = cx_str(t->a, clang_getFileName(file));
  f->text = clang_getFileContents(t->tu, file, &f->size);
  return f;
}

static bool in_scope(Tu *t, FileInfo *f) {
  if (f->in_scope < 0) {
    char real[PATH_MAX];
    f->in_scope = t->scope_dir && realpath(f->name, real) && !strncmp(real, t->scope_dir, strlen(t->scope_dir));
  }
  return f->in_scope;
}

// The line at `offset` of the file, blanks squeezed, trimmed.
static const char *source_line(Tu *t, FileInfo *f, unsigned offset) {
  const char *text = f->text;
  size_t size = f->size;
  if (!text || offset > size)
    return NULL;
  size_t start = offset, end = offset;
  while (start > 0 && text[start - 1] != '\n')
    start--;
  while (end < size && text[end] != '\n')
    end++;
  char *line = arena_alloc(t->a, end - start + 1);
  size_t n = 0;
  for (size_t i = start; i < end; i++) {
    char ch = text[i];
    bool blank = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
    if (blank && (!n || line[n - 1] == ' '))
      continue;
    line[n++] = blank ? ' ' : ch;
  }
  while (n && line[n - 1] == ' ')
    n--;
  line[n] = '\0';
  return line;
}

// clang's mangling in the model's form: the i386 '_' dropped; an asm label
// ("\1name") is the symbol verbatim.
static const char *model_symbol(Tu *t, const char *mangled, bool *verbatim) {
  *verbatim = mangled[0] == '\1';
  if (*verbatim)
    return mangled + 1;
  if (mangled[0] == '_' && linker_underscore(t->target.machine, str(mangled + 1)))
    return mangled + 1;
  return mangled;
}

static bool is_cxx_symbol(const char *s) {
  return (s[0] == '_' && s[1] == 'Z') || s[0] == '?';
}

// A record and where it goes in the unit's order.
typedef struct Pending {
  Export *e;
  uint32_t order;
} Pending;

static void add_record(Tu *t, const Export *proto, uint32_t order, const char *name, const char *symbol) {
  Export *e = arena_alloc(t->a, sizeof *e);
  *e = *proto;
  e->name = name;
  e->symbol = strcmp(name, symbol) ? symbol : NULL;
  t->pending = arena_reserve(t->a, t->pending, t->npending, &t->pending_cap, t->npending + 1, sizeof *t->pending);
  t->pending[t->npending++] = (Pending){e, order};
}

// Is c a K&R definition, `f(a) int a; {...}`? clang gives it a prototype
// type, but its parameters are declared after the end of the declarator.
static bool knr_definition(CXCursor c) {
  int n = clang_Cursor_getNumArguments(c);
  CXFile f1, f2;
  unsigned end, param;
  clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), &f1, NULL, NULL, &end);
  // Any of them: an undeclared one (implicit int) stays in the list.
  for (int i = 0; f1 && i < n; i++) {
    clang_getExpansionLocation(clang_getCursorLocation(clang_Cursor_getArgument(c, (unsigned)i)), &f2, NULL, NULL,
                               &param);
    if (clang_File_isEqual(f1, f2) && param > end)
      return true;
  }
  return false;
}

// The parameters of a function for the @nn rule: those of its type, up to
// the first of incomplete type (where GCC and clang stop counting). A K&R
// declaration `f()` has none (@0). A K&R definition `f(a) int a; {...}` is
// @0 for GCC and @4 for clang (decorate.c): the GNU targets follow GCC and
// count none, the MSVC targets follow clang.
static int function_params(Tu *t, CXCursor c, CXType ft, ParamType **params, bool *knr_def) {
  *knr_def = false;
  int n = ft.kind == CXType_FunctionProto ? clang_getNumArgTypes(ft) : 0;
  if (n > 0 && t->target.abi == ABI_GNU && conv_is_decorated(t->target.machine, scan_conv(ft, t->target.machine)) &&
      knr_definition(c)) {
    *knr_def = true;
    n = 0;
  }
  if (n < 0)
    n = 0;
  *params = arena_alloc(t->a, (size_t)(n ? n : 1) * sizeof **params);
  for (int i = 0; i < n; i++)
    if (!scan_param(clang_getArgType(ft, (unsigned)i), &(*params)[i]))
      return i;
  return n;
}

// The symbols clang emits for a function or variable: a constructor or
// destructor has one per variant (C1/C2, D0/D1/D2), a virtual member
// function has its thunks too, as GCC and clang export them all.
static const char **mangled_symbols(Tu *t, CXCursor c, enum CXCursorKind kind, int *n, bool *verbatim) {
  const char **v;
  CXStringSet *set = NULL;
  if (kind == CXCursor_CXXMethod || kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
      kind == CXCursor_ConversionFunction)
    set = clang_Cursor_getCXXManglings(c);
  if (set && set->Count) {
    v = arena_alloc(t->a, set->Count * sizeof *v);
    for (unsigned i = 0; i < set->Count; i++)
      v[i] = model_symbol(t, arena_strdup(t->a, clang_getCString(set->Strings[i])), verbatim);
    *n = (int)set->Count;
  } else {
    v = arena_alloc(t->a, sizeof *v);
    v[0] = model_symbol(t, cx_str(t->a, clang_Cursor_getMangling(c)), verbatim);
    *n = 1;
  }
  if (set)
    clang_disposeStringSet(set);
  return v;
}

// The parameters counted in a C++ member function's decoration: `this`
// too (`int __stdcall Widget::sget(int)` is _ZN6Widget4sgetEi@8).
static bool has_this(CXCursor c, enum CXCursorKind kind) {
  return kind == CXCursor_Constructor || kind == CXCursor_Destructor || kind == CXCursor_ConversionFunction ||
         (kind == CXCursor_CXXMethod && !clang_CXXMethod_isStatic(c));
}

static void entity_records(Tu *t, Entity *en) {
  CXCursor c = en->has_def ? en->def : en->canon;
  uint32_t order = en->has_def ? en->def_order : en->first_order;
  enum CXCursorKind kind = clang_getCursorKind(c);
  bool data = kind == CXCursor_VarDecl;
  if (!en->exported) {
    // --all-prototypes: free functions with external linkage, in scope.
    if (!t->s->opt.all_prototypes || kind != CXCursor_FunctionDecl ||
        clang_getCursorLinkage(c) != CXLinkage_External)
      return;
  }

  CXFile file;
  unsigned line, col, offset;
  clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &offset);
  FileInfo *f = file ? file_info(t, file) : NULL;
  if (!en->exported && (!f || !in_scope(t, f)))
    return;
  Export base = {.arg_bytes = -1, .kind = data ? EXPORT_DATA : EXPORT_CODE, .conv = CONV_NONE};
  base.declaration_only = !en->exported;
  if (f) {
    base.loc = (SrcLoc){f->name, (int)line, (int)col};
    base.prototype = source_line(t, f, offset);
  }

  // What the rules give: the convention and the bytes of the parameters.
  CXType ft = clang_getCursorType(c);
  int arg_bytes = -1;
  bool knr_def = false;
  if (!data) {
    base.conv = scan_conv(ft, t->target.machine);
    ParamType *params;
    int n = function_params(t, c, ft, &params, &knr_def);
    if (has_this(c, kind)) {
      ParamType *with_this = arena_alloc(t->a, (size_t)(n + 1) * sizeof *with_this);
      with_this[0] = (ParamType){PT_POINTER, 0};
      memcpy(with_this + 1, params, (size_t)n * sizeof *params);
      params = with_this;
      n++;
    }
    // libclang calls a K&R type variadic; it is not.
    bool variadic = ft.kind == CXType_FunctionProto && clang_isFunctionTypeVariadic(ft);
    arg_bytes = decorate_arg_bytes(t->target, base.conv, params, n, variadic);
  }

  int nsyms;
  bool verbatim;
  const char **syms = mangled_symbols(t, c, kind, &nsyms, &verbatim);
  for (int i = 0; i < nsyms; i++) {
    const char *clang_sym = syms[i], *name, *ours;
    if (verbatim || is_cxx_symbol(clang_sym)) {
      // C++ (or an asm label): the name is clang's symbol without its @N.
      Undecorated u;
      undecorate(clang_sym, &u);
      name = u.conv == CONV_NONE ? clang_sym : arena_strndup(t->a, u.name, u.name_len);
      ours = verbatim ? clang_sym : decorate(t->a, t->target.machine, base.conv, name, arg_bytes);
    } else {
      // C: the identifier, decorated by the rules.
      name = cx_str(t->a, clang_getCursorSpelling(c));
      ours = data ? name : decorate(t->a, t->target.machine, base.conv, name, arg_bytes);
    }
    base.arg_bytes = arg_bytes;
    // clang is the referee: a difference is our bug, except for a K&R
    // definition, where GCC's count is the rule on GNU targets.
    if (strcmp(ours, clang_sym) && !knr_def) {
      diag_warning(t->diag, &base.loc,
                   "clang's symbol for '%s' is '%s', ccdll computes '%s' (%s, %d bytes of arguments): "
                   "recording clang's; this is a bug in ccdll",
                   name, clang_sym, ours, conv_name(base.conv), arg_bytes);
      Undecorated u;
      undecorate(clang_sym, &u);
      ours = clang_sym;
      base.arg_bytes = u.arg_bytes;
    }
    add_record(t, &base, order, name, ours);
  }
}

// Records in the order of their places in the unit (the order in which
// GCC's plugin has them too), the variants of one declaration by symbol.
static int compare_pending(const void *x, const void *y) {
  const Pending *a = x, *b = y;
  if (a->order != b->order)
    return a->order < b->order ? -1 : 1;
  const char *sa = a->e->symbol ? a->e->symbol : a->e->name;
  const char *sb = b->e->symbol ? b->e->symbol : b->e->name;
  return strcmp(sa, sb);
}

//
// Translation units
//

Scanner *scanner_new(Diag *d, Arena *a, const ScanOptions *opt, ExportList *out) {
  Scanner *s = arena_alloc(a, sizeof *s);
  s->diag = d;
  s->arena = a;
  s->opt = *opt;
  s->out = out;
  return s;
}

// The last unit, and so the index, is left to the end of the process, as
// clang leaves its AST (-disable-free): freeing windows.h's costs 1-2% of
// the scan.
void scanner_free(Scanner *s) {
  if (s && s->index && !s->last)
    clang_disposeIndex(s->index);
}

// libclang, its index and the resource directory, once, when a unit must
// be parsed (not for units found in the cache).
static bool scanner_ready(Scanner *s, const char *const *args, int nargs) {
  if (s->index)
    return true;
  if (!libclang_load(s->diag))
    return false;
  s->index = clang_createIndex(0, 0);
  bool given = false;
  for (int i = 0; i < nargs; i++)
    given |= !strncmp(args[i], "-resource-dir", 13);
  if (!given)
    s->resource_dir = scan_resource_dir(s->diag, s->arena, s->opt.verbose);
  return s->index != NULL;
}

static void merge_records(Scanner *s, ExportList *records);

static void ignore(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d, (void)level, (void)loc, (void)msg;
}

// The unit's records and messages from the cache, when it has them.
static bool from_cache(Scanner *s, ScanCache *cache) {
  size_t len, messages_len;
  char *messages;
  char *text = cache_lookup(cache, s->arena, &len, &messages, &messages_len);
  if (!text)
    return false;
  ExportList records = {0};
  Diag quiet = {.sink = ignore};
  bool ok = records_parse(&quiet, s->arena, cache->path, text, len, &records);
  if (ok) {
    if (s->opt.verbose)
      fprintf(stderr, "ccdll: records from %s\n", cache->path);
    fwrite(messages, 1, messages_len, stderr);
    for (const char *p = messages; (p = strstr(p, ": warning: ")); p++)
      s->diag->warnings++;
    merge_records(s, &records);
  }
  exportlist_free(&records);
  return ok;
}

static bool is_target_arg(const char *a, bool *takes_value) {
  *takes_value = !strcmp(a, "-target") || !strcmp(a, "--target");
  return *takes_value || !strncmp(a, "--target=", 9) || !strncmp(a, "-target=", 8);
}

// Prints one of clang's diagnostics (and its notes) in GCC's form.
static void print_clang_diag(Tu *t, CXDiagnostic diag, Buf *msgs, int *errors) {
  enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(diag);
  if (sev == CXDiagnostic_Ignored)
    return;
  if (sev >= CXDiagnostic_Error)
    ++*errors;
  CXFile file;
  clang_getExpansionLocation(clang_getDiagnosticLocation(diag), &file, NULL, NULL, NULL);
  // A note without a file is about clang's scratch buffer ("expanded from
  // here"): GCC says nothing of it.
  if (!file && sev == CXDiagnostic_Note)
    return;
  CXString s = clang_formatDiagnostic(
    diag, CXDiagnostic_DisplaySourceLocation | CXDiagnostic_DisplayColumn | CXDiagnostic_DisplayOption);
  buf_printf(msgs, "%s%s\n", file ? "" : "ccdll: ", clang_getCString(s));
  clang_disposeString(s);
  CXDiagnosticSet children = clang_getChildDiagnostics(diag);
  for (unsigned i = 0; i < clang_getNumDiagnosticsInSet(children); i++) {
    CXDiagnostic child = clang_getDiagnosticInSet(children, i);
    print_clang_diag(t, child, msgs, errors);
    clang_disposeDiagnostic(child);
  }
  (void)t;
}

// Our own messages about the unit go with clang's (and into the cache).
static void buffer_sink(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  static const char *const names[] = {"note", "warning", "error"};
  Buf *b = d->ctx;
  if (loc && loc->file)
    buf_printf(b, "%s:%d:%d: ", loc->file, loc->line, loc->col);
  else
    buf_printf(b, "ccdll: ");
  buf_printf(b, "%s: %s\n", names[level], msg);
}

// Merges the unit's records into the scanner's.
static void merge_records(Scanner *s, ExportList *records) {
  for (uint32_t i = 0; i < records->len; i++) {
    Export *e = records->v[i];
    Export *old = exportlist_add(s->out, e);
    if (!old)
      continue;
    const char *s1 = old->symbol ? old->symbol : old->name;
    const char *s2 = e->symbol ? e->symbol : e->name;
    if (strcmp(s1, s2) || old->kind != e->kind) {
      diag_error(s->diag, &e->loc, "'%s' is the %s symbol '%s' here, and '%s' elsewhere", e->name,
                 e->kind == EXPORT_DATA ? "data" : "code", s2, s1);
      diag_note(s->diag, &old->loc, "'%s' is declared here", old->name);
    } else if (old->declaration_only && !e->declaration_only) {
      *old = *e;   // exported in this unit: the record with the export
    }
  }
}

static const char *scope_of(Arena *a, const char *path) {
  char real[PATH_MAX];
  if (!realpath(path, real))
    return NULL;
  char *slash = strrchr(real, '/');
  return slash ? arena_strndup(a, real, (size_t)(slash - real) + 1) : NULL;
}

// Parses and walks one unit; its records go to t->records, its messages
// to msgs. false after an error.
static bool scan_unit(Scanner *s, Tu *t, const char *path, const char *const *args, int nargs) {
  unsigned options = CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_VisitImplicitAttributes;
  enum CXErrorCode err = clang_parseTranslationUnit2(s->index, path, args, nargs, NULL, 0, options, &t->tu);
  if (err != CXError_Success || !t->tu) {
    diag_error(t->diag, NULL, "%s: libclang cannot parse it (error %d; check the clang arguments with -v)", path,
               (int)err);
    return false;
  }
  Buf *msgs = t->diag->ctx;
  int errors = 0;
  unsigned n = clang_getNumDiagnostics(t->tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic diag = clang_getDiagnostic(t->tu, i);
    print_clang_diag(t, diag, msgs, &errors);
    clang_disposeDiagnostic(diag);
  }
  if (errors) {
    t->diag->errors += errors;
    return false;
  }

  CXCursor root = clang_getTranslationUnitCursor(t->tu);
  Walk w = {t, 0};
  clang_visitChildren(root, visit, &w);
  for (uint32_t i = 0; i < t->len; i++)
    entity_records(t, &t->v[i]);
  if (t->npending)
    qsort(t->pending, t->npending, sizeof *t->pending, compare_pending);
  for (uint32_t i = 0; i < t->npending; i++)
    exportlist_add(&t->records, t->pending[i].e);
  return true;
}

bool scanner_file(Scanner *s, const char *path, Target target, const char *triple, const char *const *args,
                  int nargs) {
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_error(s->diag, NULL, "%s: %s", path, strerror(errno));
    return false;
  }

  // The arguments: the caller's without their target, then ours (and the
  // resource directory, once known).
  Arena *a = s->arena;
  const char **argv = arena_alloc(a, (size_t)(nargs + 4) * sizeof *argv);
  int argc = 0;
  for (int i = 0; i < nargs; i++) {
    bool value;
    if (is_target_arg(args[i], &value)) {
      i += value;
      continue;
    }
    argv[argc++] = args[i];
  }
  argv[argc++] = arena_concat(a, "--target=", triple, "");

  ScanCache cache;
  cache_begin(&cache, a, s->opt.cache_dir, path, argv, argc, &s->opt);
  if (from_cache(s, &cache))
    return true;
  if (!scanner_ready(s, argv, argc))
    return false;
  int cache_argc = argc;
  if (s->resource_dir) {
    argv[argc++] = "-resource-dir";
    argv[argc++] = s->resource_dir;
  }
  if (s->opt.verbose) {
    fprintf(stderr, "ccdll: libclang %s", path);
    for (int i = 0; i < argc; i++)
      fprintf(stderr, " %s", argv[i]);
    fputc('\n', stderr);
  }

  Buf msgs = {0};
  Diag tu_diag = {.prog = "ccdll", .sink = buffer_sink, .ctx = &msgs};
  Tu t = {.s = s, .a = a, .diag = &tu_diag, .target = target};
  if (s->opt.all_prototypes)
    t.scope_dir = scope_of(a, path);
  bool ok = scan_unit(s, &t, path, argv, argc) && !tu_diag.errors;
  fwrite(msgs.data, 1, msgs.len, stderr);
  s->diag->errors += tu_diag.errors;
  s->diag->warnings += tu_diag.warnings;
  if (ok) {
    merge_records(s, &t.records);
    if (cache.path) {
      Buf records = {0};
      for (uint32_t i = 0; i < t.records.len; i++)
        record_write(&records, t.records.v[i]);
      cache_store(&cache, a, t.tu, argv, cache_argc, records.len ? (char *)records.data : "", records.len,
                  msgs.len ? (char *)msgs.data : "", msgs.len);
      buf_free(&records);
    }
  }
  if (s->last)
    clang_disposeTranslationUnit(s->last);
  s->last = t.tu;
  exportlist_free(&t.records);
  free(t.slots);
  buf_free(&msgs);
  return ok;
}
