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
// Explicit instantiations, which libclang 14 does not show: neither the
// members of `template class API Box<int>;` (its cursor has no children
// but the static data members defined outside the class) nor `template
// API int twice<int>(int);` (no cursor at all). When the file named has
// any, the unit is parsed again with a probe after each (instances.c)
// that names the specializations, and walked again; each exported one is
// recorded at the definition it was instantiated from, as GCC has it. Of
// a class, as with GCC, the members defined outside the class body and
// not inline: the inline ones, member templates and implicit members are
// not exported. Units without explicit instantiations are parsed once.
// Not probed, with a warning: a class's explicit instantiation in a header
// or written by a macro, and one after a macro that may say `extern` (the
// text does not tell); not seen at all: a function's written by a macro.
// Explicit specializations (`template<> ...`) are ordinary declarations. Nor does the scanner record vtables and
// typeinfo (no declaration), which the compilers export with a dllexport
// class, nor what an implicit instantiation of a dllexport class template
// emits (GCC exports the virtual functions whose vtable it emits, and the
// static data members used).
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
  struct CxxHeaders {      // the C++ include directories of each g++ asked
    const char *compiler;
    const char **dirs;
    int ndirs;
  } *cxx;
  uint32_t ncxx, cxx_cap;
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
  bool said_inline;        // a declaration of it is inline
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
  const char **scope_dirs; // --all-prototypes: resolved directories, each with a '/'
  int nscope_dirs;
  CXFile named;            // the file named
  FileInfo *files;
  uint32_t nfiles, files_cap;
  uint32_t last_file;      // index + 1 of the last one asked for
  uint32_t visits;         // declarations met so far
  struct Pending *pending; // records made, before they are put in order
  uint32_t npending, pending_cap;
  ExportList records;      // this unit's records, in order
  CXCursor *classes;       // explicit instantiation definitions of class templates
  uint32_t nclasses, classes_cap;
  // Explicit instantiations (instances.c): those of the file named with a
  // probe; in the unit parsed again with the probes (probing), the probes
  // the walk met.
  Instantiation *insts;
  uint32_t ninsts, insts_cap;
  bool probing;
  struct Probe *probes;
  uint32_t nprobes, probes_cap;
  const char *named_name;  // probing: the file named, as clang names it,
  const char *named_text;  //   and its text as read, without probes
  size_t named_len;
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

// The entity of c's declarations, made when there is none and create is
// set (else NULL).
static Entity *entity(Tu *t, CXCursor c, bool create) {
  if (!create && !t->nslots)
    return NULL;
  CXCursor canon = clang_getCanonicalCursor(c);
  unsigned h = clang_hashCursor(canon);
  if (create && t->len * 2 >= t->nslots) {
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
  if (!create)
    return NULL;
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
  Entity *e = entity(t, c, true);
  uint32_t order = t->visits++;
  if (!e->ndecls)
    e->first_order = order;
  // The canonical declaration is not always among those visited (the
  // in-class declaration of a static member of an instantiated template).
  if (!e->ndecls++ && !clang_equalCursors(c, e->canon))
    e->ndecls++;
  if (!e->exported && has_dllexport(c))
    e->exported = true;
  if (clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_Cursor_isFunctionInlined(c))
    e->said_inline = true;
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

static bool starts_with_extern(Tu *t, CXCursor c) {
  CXToken *tok = clang_getToken(t->tu, clang_getRangeStart(clang_getCursorExtent(c)));
  if (!tok)
    return false;
  char s[16];
  bool r = !strcmp(token_text(t, *tok, s, sizeof s), "extern");
  clang_disposeTokens(t->tu, tok, 1);
  return r;
}

static bool take_probe(Tu *t, CXCursor c, enum CXCursorKind kind);
static void note_class_instantiation(Tu *t, CXCursor c);

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  Tu *t = data;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (t->probing && take_probe(t, c, kind))
    return CXChildVisit_Continue;
  switch (kind) {
  case CXCursor_FunctionDecl:
  case CXCursor_VarDecl:
  case CXCursor_CXXMethod:
  case CXCursor_Constructor:
  case CXCursor_Destructor:
  case CXCursor_ConversionFunction:
    note_decl(t, c);
    return CXChildVisit_Continue;
  case CXCursor_FunctionTemplate:
    // Where the specializations a probe shows are placed; only then.
    if (t->probing)
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
    if (clang_getCursorLanguage(c) != CXLanguage_CPlusPlus)
      return CXChildVisit_Continue;
    note_class_instantiation(t, c);
    return CXChildVisit_Recurse;
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

// Is the file under a scope directory? Both the file's real path and its
// directory's are asked: an SDK's include directory may hold symbolic
// links to headers elsewhere (Debian's mingw-w64 does).
static bool in_scope(Tu *t, FileInfo *f) {
  if (f->in_scope < 0) {
    char real[PATH_MAX], dir[PATH_MAX], real_dir[PATH_MAX];
    const char *slash = strrchr(f->name, '/');
    bool has_real = realpath(f->name, real);
    bool has_dir = false;
    if (slash && (size_t)(slash - f->name) < sizeof dir) {
      memcpy(dir, f->name, (size_t)(slash - f->name));
      dir[slash - f->name] = 0;
      has_dir = realpath(dir, real_dir) && strlen(real_dir) + 1 < sizeof real_dir;
      if (has_dir)
        strcat(real_dir, "/");
    }
    f->in_scope = 0;
    for (int i = 0; i < t->nscope_dirs && !f->in_scope; i++) {
      size_t n = strlen(t->scope_dirs[i]);
      f->in_scope = (has_real && !strncmp(real, t->scope_dirs[i], n)) ||
                    (has_dir && !strncmp(real_dir, t->scope_dirs[i], n));
    }
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
    // A probe (instances.c) is no part of the line.
    const char *close = NULL;
    if (t->probing && ch == PROBE_OPEN[0] && !strncmp(text + i, PROBE_OPEN, strlen(PROBE_OPEN)))
      close = instances_search(text + i, end - i, PROBE_CLOSE);
    if (close) {
      i = (size_t)(close - text) + strlen(PROBE_CLOSE) - 1;
      continue;
    }
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
// function has its thunks too, as GCC and clang export them all. clang
// lists no complete-object constructor (C1) for an abstract class, which
// GCC emits and exports all the same: clang_Cursor_getMangling names it.
static const char **mangled_symbols(Tu *t, CXCursor c, enum CXCursorKind kind, int *n, bool *verbatim) {
  const char **v;
  CXStringSet *set = NULL;
  if (kind == CXCursor_CXXMethod || kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
      kind == CXCursor_ConversionFunction)
    set = clang_Cursor_getCXXManglings(c);
  if (set && set->Count) {
    v = arena_alloc(t->a, (set->Count + 1) * sizeof *v);
    *n = 0;
    for (unsigned i = 0; i < set->Count; i++)
      v[(*n)++] = model_symbol(t, arena_strdup(t->a, clang_getCString(set->Strings[i])), verbatim);
    const char *complete = kind == CXCursor_Constructor ? cx_str(t->a, clang_Cursor_getMangling(c)) : NULL;
    for (unsigned i = 0; complete && i < set->Count; i++)
      if (!strcmp(complete, clang_getCString(set->Strings[i])))
        complete = NULL;
    if (complete)
      v[(*n)++] = model_symbol(t, complete, verbatim);
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

// The records of declaration c, placed at the name of `place` (c itself,
// or the definition a specialization was instantiated from).
static void declaration_records(Tu *t, CXCursor c, CXCursor place, uint32_t order, bool exported) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  bool data = kind == CXCursor_VarDecl;
  CXFile file;
  unsigned line, col, offset;
  clang_getExpansionLocation(clang_getCursorLocation(place), &file, &line, &col, &offset);
  FileInfo *f = file ? file_info(t, file) : NULL;
  if (!exported && (!f || !in_scope(t, f)))
    return;
  Export base = {.arg_bytes = -1, .kind = data ? EXPORT_DATA : EXPORT_CODE, .conv = CONV_NONE};
  base.declaration_only = !exported;
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
    Undecorated u;
    undecorate(clang_sym, &u);
    // C++ is told by the symbol without its decoration: a __fastcall
    // member is @_ZN3Com4FastEii@12, named _ZN3Com4FastEii.
    if (verbatim || is_cxx_symbol(u.name)) {
      // C++ (or an asm label): the name is clang's symbol without its @N.
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
      ours = clang_sym;
      base.arg_bytes = u.arg_bytes;
    }
    add_record(t, &base, order, name, ours);
  }
}

//
// Explicit instantiations
//

// A probe the walk met in a probed unit (instances.c): 'f' a friend
// declaration, 'c' a class's using-declarations, 'd' a destructor call.
typedef struct Probe {
  char kind;
  int index;               // into t->insts
  CXCursor cursor;
} Probe;

static bool take_probe(Tu *t, CXCursor c, enum CXCursorKind kind) {
  if (kind != CXCursor_StructDecl && kind != CXCursor_ClassTemplate && kind != CXCursor_VarDecl)
    return false;
  CXString name = clang_getCursorSpelling(c);
  char letter = 0;
  int index = -1;
  bool ok = sscanf(clang_getCString(name), "__ccdll_%c%d", &letter, &index) == 2 && index >= 0 &&
            (uint32_t)index < t->ninsts && (letter == 'f' || letter == 'c' || letter == 'd');
  clang_disposeString(name);
  if (!ok)
    return false;
  t->probes = arena_reserve(t->a, t->probes, t->nprobes, &t->probes_cap, t->nprobes + 1, sizeof *t->probes);
  t->probes[t->nprobes++] = (Probe){letter, index, c};
  t->insts[index].seen = true;
  return true;
}

// Where c is, as a message says it.
static SrcLoc cursor_loc(Tu *t, CXCursor c) {
  CXFile file;
  unsigned line, col;
  clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, NULL);
  return (SrcLoc){file ? file_info(t, file)->name : NULL, (int)line, (int)col};
}

// Whether c is in the file named (at a macro's use there, for one from a
// macro).
static bool in_named_file(Tu *t, CXCursor c) {
  CXFile file;
  clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
  return file && t->named && clang_File_isEqual(file, t->named);
}

// How a class template specialization's cursor is written: the text at
// its start says `template` not followed by `<` for an explicit
// instantiation definition (`extern template` declares one, `template <>`
// is an explicit specialization); another word is a macro's name, whose
// expansion libclang 14 does not show (no spelling location in a macro).
typedef enum { WRITTEN_OTHER, WRITTEN_INSTANTIATION, WRITTEN_BY_MACRO } Written;

static Written how_written(Tu *t, CXCursor c) {
  CXFile file;
  unsigned off;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, NULL, NULL, &off);
  FileInfo *f = file ? file_info(t, file) : NULL;
  if (!f || !f->text || off >= f->size)
    return WRITTEN_OTHER;
  const char *p = f->text + off, *end = f->text + f->size, *word = p;
  while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
    p++;
  size_t len = (size_t)(p - word);
  if (len == 6 && !strncmp(word, "extern", 6))
    return WRITTEN_OTHER;
  if (len != 8 || strncmp(word, "template", 8))
    return len ? WRITTEN_BY_MACRO : WRITTEN_OTHER;
  while (p < end && isspace((unsigned char)*p))
    p++;
  return p < end && *p != '<' ? WRITTEN_INSTANTIATION : WRITTEN_OTHER;
}

// Whether a class has a member (its children are also the references of
// its template arguments, and its attributes).
static enum CXChildVisitResult find_member(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  if (!clang_isDeclaration(clang_getCursorKind(c)))
    return CXChildVisit_Continue;
  *(bool *)data = true;
  return CXChildVisit_Break;
}

// `template class API Box<int>;`: libclang 14 shows its cursor, but none
// of the members it instantiates (it does show the static data members).
// One a macro writes, in the file named, cannot be told from an `extern
// template` (an empty explicit specialization has no members either): a
// warning, once, and no probe.
static void note_class_instantiation(Tu *t, CXCursor c) {
  if (clang_Cursor_isNull(clang_getSpecializedCursorTemplate(c)))
    return;
  Written how = how_written(t, c);
  if (how == WRITTEN_INSTANTIATION) {
    t->classes = arena_reserve(t->a, t->classes, t->nclasses, &t->classes_cap, t->nclasses + 1, sizeof *t->classes);
    t->classes[t->nclasses++] = c;
    return;
  }
  bool members = false;
  if (how != WRITTEN_BY_MACRO || t->probing || !has_dllexport(c) || !in_named_file(t, c))
    return;
  clang_visitChildren(c, find_member, &members);
  if (members)
    return;
  SrcLoc loc = cursor_loc(t, c);
  diag_warning(t->diag, &loc,
               "the members of '%s' are not recorded: ccdll cannot tell whether the macro here makes it an "
               "explicit instantiation definition or an extern one",
               cx_str(t->a, clang_getTypeSpelling(clang_getCursorType(c))));
}

static bool is_instantiated_class(Tu *t, CXCursor c) {
  CXCursor canon = clang_getCanonicalCursor(c);
  for (uint32_t i = 0; i < t->nclasses; i++)
    if (clang_equalCursors(clang_getCanonicalCursor(t->classes[i]), canon))
      return true;
  return false;
}

// Whether the declaration c says `inline` (or `constexpr`) before its name.
static bool says_inline(Tu *t, CXCursor c) {
  CXFile f1, f2;
  unsigned start, name;
  clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(c)), &f1, NULL, NULL, &start);
  clang_getExpansionLocation(clang_getCursorLocation(c), &f2, NULL, NULL, &name);
  FileInfo *f = f1 ? file_info(t, f1) : NULL;
  if (!f || !f->text || !f2 || !clang_File_isEqual(f1, f2) || start > name || name > f->size)
    return false;
  static const char *const words[] = {"inline", "__inline", "__inline__", "constexpr"};
  for (const char *p = f->text + start, *end = f->text + name; p < end;) {
    const char *w = p;
    while (p < end && (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
      p++;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
      if ((size_t)(p - w) == strlen(words[i]) && !strncmp(w, words[i], (size_t)(p - w)))
        return true;
    if (p == w)
      p++;   // not a word
  }
  return false;
}

// What of a class template's members its explicit instantiation may
// export: member functions and static data members (not member templates,
// which it does not instantiate).
static bool is_member_kind(enum CXCursorKind k) {
  return k == CXCursor_CXXMethod || k == CXCursor_Constructor || k == CXCursor_Destructor ||
         k == CXCursor_ConversionFunction || k == CXCursor_VarDecl;
}

// A member that a class template's explicit instantiation exports, as GCC
// does: one defined outside the class body and not inline (MinGW exports
// no inline member of a dllexport class). The walk does not enter class
// templates: the members it met are those defined outside. The MSVC
// targets get the same rule, although clang exports the inline and
// implicit members there.
static bool instance_member_wanted(Tu *t, CXCursor member) {
  Entity *e = entity(t, member, false);
  return e && e->has_def && !says_inline(t, e->canon) && !says_inline(t, e->def);
}

// The records of specialization spec, placed at the definition it was
// instantiated from (pattern), where GCC places them. The pattern of a
// member template of a class template's specialization is itself
// instantiated (Vec<int>::as<U>, from Vec<T>::as<U>): up to the one
// defined.
static void instance_records(Tu *t, CXCursor spec, CXCursor pattern) {
  Entity *e = entity(t, pattern, false);
  while (!e || !e->has_def) {
    CXCursor up = clang_getSpecializedCursorTemplate(pattern);
    if (clang_Cursor_isNull(up))
      break;
    pattern = up;
    e = entity(t, pattern, false);
  }
  CXCursor place = e && e->has_def ? e->def : spec;
  uint32_t order = !e ? t->visits : e->has_def ? e->def_order : e->first_order;
  declaration_records(t, spec, place, order, true);
}

// A static data member of a class template specialization: libclang 14
// also shows those of classes only instantiated implicitly, whose
// definitions GCC does not emit; recorded with an explicit instantiation
// definition of its class, at the pattern's definition.
static bool instance_data_wanted(Tu *t, CXCursor var, uint32_t *order) {
  CXCursor pattern = clang_getSpecializedCursorTemplate(var);
  CXCursor parent = clang_getCursorSemanticParent(var);
  enum CXCursorKind pk = clang_getCursorKind(parent);
  bool member = pk == CXCursor_ClassDecl || pk == CXCursor_StructDecl || pk == CXCursor_UnionDecl;
  if (clang_Cursor_isNull(pattern) || !member)
    return true;
  if (!is_instantiated_class(t, parent))
    return false;
  Entity *e = entity(t, pattern, false);
  if (e && e->has_def)
    *order = e->def_order;
  return true;
}

typedef struct {
  Tu *t;
  Instantiation *in;
  uint32_t cap;            // of in->members
} MemberNames;

static enum CXChildVisitResult collect_member(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  MemberNames *m = data;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (!is_member_kind(kind) || !instance_member_wanted(m->t, c))
    return CXChildVisit_Continue;
  Instantiation *in = m->in;
  if (kind == CXCursor_Constructor) {
    in->ctors = true;
  } else if (kind == CXCursor_Destructor) {
    in->dtor = true;
  } else {
    const char *name = cx_str(m->t->a, clang_getCursorSpelling(c));
    for (int i = 0; i < in->nmembers; i++)
      if (!strcmp(in->members[i], name))
        return CXChildVisit_Continue;   // an overload: one using-declaration shows them all
    in->members = arena_reserve(m->t->a, in->members, (uint32_t)in->nmembers, &m->cap, (uint32_t)in->nmembers + 1,
                                sizeof *in->members);
    in->members[in->nmembers++] = name;
  }
  return CXChildVisit_Continue;
}

static int compare_insert_at(const void *x, const void *y) {
  const Instantiation *a = x, *b = y;
  if (a->insert_at != b->insert_at)
    return a->insert_at < b->insert_at ? -1 : 1;
  return a->offset < b->offset ? -1 : a->offset > b->offset;
}

// The place of offset in a file's text: line and column from 1.
static SrcLoc text_loc(const char *name, const char *text, unsigned offset) {
  SrcLoc loc = {name, 1, 1};
  for (unsigned i = 0; i < offset; i++, loc.col++)
    if (text[i] == '\n')
      loc.line++, loc.col = 0;
  return loc;
}

// A class's explicit instantiation in the file named: what its probe must
// show; false when it has nothing to show.
static bool class_instantiation(Tu *t, CXCursor c, FileInfo *named, Instantiation *in) {
  CXFile file;
  unsigned offset, end;
  clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, &offset);
  clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, NULL, NULL, &end);
  *in = (Instantiation){.is_class = true, .offset = offset};
  MemberNames m = {t, in, 0};
  clang_visitChildren(clang_getSpecializedCursorTemplate(c), collect_member, &m);
  if (!in->ctors && !in->dtor && !in->nmembers)
    return false;
  in->name = cx_str(t->a, clang_getTypeSpelling(clang_getCursorType(c)));
  in->short_name = cx_str(t->a, clang_getCursorSpelling(c));
  in->insert_at = instance_insert_at(named->text, named->size, end);
  return true;
}

// The explicit instantiations of the file named that need a probe, in the
// order of their places. Those of classes elsewhere (in a header) are not
// probed: a warning says so.
static void find_instantiations(Tu *t) {
  FileInfo *f = t->named ? file_info(t, t->named) : NULL;
  if (!f || !f->text)
    return;
  Instantiation *found;
  int n = instances_find(t->a, f->text, f->size, &found);
  t->insts = arena_reserve(t->a, t->insts, 0, &t->insts_cap, (uint32_t)n + t->nclasses, sizeof *t->insts);
  if (n)
    memcpy(t->insts, found, (size_t)n * sizeof *found);
  t->ninsts = (uint32_t)n;
  for (uint32_t i = 0; i < t->nclasses; i++) {
    CXCursor c = t->classes[i];
    if (!has_dllexport(c))
      continue;
    if (!in_named_file(t, c)) {
      SrcLoc loc = cursor_loc(t, c);
      diag_warning(t->diag, &loc,
                   "the members of the explicit instantiation '%s' are not recorded: libclang 14 does not "
                   "show them, and ccdll looks for them in the file it scans only",
                   cx_str(t->a, clang_getTypeSpelling(clang_getCursorType(c))));
      continue;
    }
    if (class_instantiation(t, c, f, &t->insts[t->ninsts]))
      t->ninsts++;
  }
  if (t->ninsts)
    qsort(t->insts, t->ninsts, sizeof *t->insts, compare_insert_at);
}

// The file named with the probes written in; the places of the probes
// (offsets in it) go to spans, two a probe.
static char *probed_text(Tu *t, const char *text, size_t size, size_t *len, unsigned *spans) {
  Buf b = {0};
  size_t pos = 0;
  for (uint32_t i = 0; i < t->ninsts; i++) {
    buf_put(&b, text + pos, t->insts[i].insert_at - pos);
    pos = t->insts[i].insert_at;
    spans[2 * i] = (unsigned)b.len;
    instance_probe(&b, (int)i, &t->insts[i]);
    spans[2 * i + 1] = (unsigned)b.len;
  }
  buf_put(&b, text + pos, size - pos);
  *len = b.len;
  char *r = arena_alloc(t->a, b.len + 1);
  memcpy(r, b.data, b.len);
  buf_free(&b);
  return r;
}

// The first error of a probed unit that is not in a probe; NULL if none.
static const char *error_outside_probes(Tu *t, CXTranslationUnit tu, CXFile named, const unsigned *spans) {
  unsigned n = clang_getNumDiagnostics(tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic diag = clang_getDiagnostic(tu, i);
    bool error = clang_getDiagnosticSeverity(diag) >= CXDiagnostic_Error;
    CXFile file;
    unsigned off;
    clang_getExpansionLocation(clang_getDiagnosticLocation(diag), &file, NULL, NULL, &off);
    bool in_probe = false;
    for (uint32_t k = 0; file && clang_File_isEqual(file, named) && k < t->ninsts && !in_probe; k++)
      in_probe = off >= spans[2 * k] && off < spans[2 * k + 1];
    const char *text = error && !in_probe
                         ? cx_str(t->a, clang_formatDiagnostic(diag, CXDiagnostic_DisplaySourceLocation |
                                                                       CXDiagnostic_DisplayColumn))
                         : NULL;
    clang_disposeDiagnostic(diag);
    if (text)
      return text;
  }
  return NULL;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data);

// Parses the unit of t again with the probes of its explicit
// instantiations (instances.c) written into the file named, and walks it
// into *probed. Access control is off, as a probe may name private
// members, and errors are not limited, as a probe that does not fit is
// one. Anything else must parse as it did: false, with a warning, if not.
static bool probe_unit(Scanner *s, Tu *t, Tu *probed, const char *path, const char *const *args, int nargs) {
  FileInfo *f = file_info(t, t->named);
  size_t len;
  unsigned *spans = arena_alloc(t->a, 2 * t->ninsts * sizeof *spans);
  char *text = probed_text(t, f->text, f->size, &len, spans);
  struct CXUnsavedFile unsaved = {path, text, (unsigned long)len};
  const char **argv = arena_alloc(t->a, (size_t)(nargs + 3) * sizeof *argv);
  memcpy(argv, args, (size_t)nargs * sizeof *argv);
  argv[nargs] = "-fno-access-control";
  argv[nargs + 1] = "-ferror-limit=0";
  argv[nargs + 2] = "-w";
  if (s->opt.verbose)
    fprintf(stderr, "ccdll: libclang %s again, with %u probes for explicit instantiations and %s %s %s\n", path,
            t->ninsts, argv[nargs], argv[nargs + 1], argv[nargs + 2]);
  CXTranslationUnit tu = NULL;
  unsigned options = CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_VisitImplicitAttributes;
  enum CXErrorCode err = clang_parseTranslationUnit2(s->index, path, argv, nargs + 3, &unsaved, 1, options, &tu);
  const char *error = err != CXError_Success || !tu ? "libclang cannot parse it"
                                                    : error_outside_probes(t, tu, clang_getFile(tu, path), spans);
  if (error) {
    SrcLoc loc = text_loc(f->name, f->text, t->insts[0].offset);
    diag_warning(t->diag, &loc,
                 "explicit instantiations are not recorded: with the declarations ccdll adds to find them "
                 "the file does not compile (%s)",
                 error);
    if (tu)
      clang_disposeTranslationUnit(tu);
    return false;
  }
  *probed = (Tu){.s = s, .a = t->a, .diag = t->diag, .tu = tu, .target = t->target, .scope_dirs = t->scope_dirs, .nscope_dirs = t->nscope_dirs,
                 .named = clang_getFile(tu, path), .insts = t->insts, .ninsts = t->ninsts, .probing = true};
  probed->named_name = f->name;
  probed->named_text = arena_alloc(t->a, f->size + 1);
  memcpy((char *)probed->named_text, f->text, f->size);
  probed->named_len = f->size;
  clang_visitChildren(clang_getTranslationUnitCursor(tu), visit, probed);
  return true;
}

static bool is_function_kind(enum CXCursorKind k) {
  return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
         k == CXCursor_Destructor || k == CXCursor_ConversionFunction;
}

// The first function declared in a probe, or what a destructor call in
// it calls.
static enum CXChildVisitResult find_function(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  CXCursor *found = data;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_MemberRefExpr)
    c = clang_getCursorReferenced(c), kind = clang_getCursorKind(c);
  if (!is_function_kind(kind))
    return CXChildVisit_Recurse;
  *found = c;
  return CXChildVisit_Break;
}

// The place of an instantiation of the file named, in a probed unit.
static SrcLoc instance_loc(Tu *t, const Instantiation *in) {
  return text_loc(t->named_name, t->named_text, in->offset);
}

// A friend probe: the specialization its declaration redeclares.
static void friend_records(Tu *t, Instantiation *in, CXCursor probe) {
  CXCursor f = clang_getNullCursor();
  clang_visitChildren(probe, find_function, &f);
  CXCursor spec = clang_getCanonicalCursor(f);
  CXCursor pattern = clang_getSpecializedCursorTemplate(spec);
  if (clang_Cursor_isNull(pattern))
    return;   // no declaration, or not a specialization: the other form of the name
  in->resolved = true;
  if (!has_dllexport(spec))
    return;
  if (in->macro) {
    SrcLoc loc = instance_loc(t, in);
    diag_warning(t->diag, &loc,
                 "this explicit instantiation is not recorded: ccdll cannot tell whether '%s' makes it a "
                 "declaration (extern) or not",
                 in->macro);
    return;
  }
  instance_records(t, spec, pattern);
}

// What a class probe found of the members its instantiation exports.
typedef struct {
  Tu *t;
  Instantiation *in;
  bool *found;             // of each name of in->members
  bool found_ctor, found_dtor;
} ClassProbe;

static void member_records(ClassProbe *p, CXCursor spec) {
  enum CXCursorKind kind = clang_getCursorKind(spec);
  CXCursor pattern = clang_getSpecializedCursorTemplate(spec);
  if (!is_member_kind(kind) || clang_Cursor_isNull(pattern) || !instance_member_wanted(p->t, pattern) ||
      !has_dllexport(spec))
    return;
  if (kind == CXCursor_Constructor) {
    p->found_ctor = true;
  } else if (kind == CXCursor_Destructor) {
    p->found_dtor = true;
  } else {
    CXString name = clang_getCursorSpelling(spec);
    for (int i = 0; i < p->in->nmembers; i++)
      p->found[i] |= !strcmp(p->in->members[i], clang_getCString(name));
    clang_disposeString(name);
  }
  instance_records(p->t, spec, pattern);
}

static enum CXChildVisitResult visit_using(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  if (clang_getCursorKind(c) != CXCursor_UsingDeclaration)
    return CXChildVisit_Continue;
  CXCursor ref = clang_getCursorReferenced(c);
  unsigned n = clang_getCursorKind(ref) == CXCursor_OverloadedDeclRef ? clang_getNumOverloadedDecls(ref) : 0;
  for (unsigned i = 0; i < n; i++)
    member_records(data, clang_getOverloadedDecl(ref, i));
  return CXChildVisit_Continue;
}

static void warn_not_shown(Tu *t, const Instantiation *in, const char *what) {
  SrcLoc loc = instance_loc(t, in);
  diag_warning(t->diag, &loc,
               "%s of the explicit instantiation '%s' not recorded: libclang 14 does not show the members "
               "of an explicit instantiation, and the declaration ccdll adds to find them does not either",
               what, in->name);
}

// The probes of a class's instantiation: its using-declarations and its
// destructor call. A member they do not show is warned about.
static void class_records(Tu *t, int index) {
  Instantiation *in = &t->insts[index];
  ClassProbe p = {t, in, arena_alloc(t->a, (size_t)(in->nmembers + 1) * sizeof(bool)), false, false};
  for (uint32_t i = 0; i < t->nprobes; i++) {
    if (t->probes[i].index != index)
      continue;
    if (t->probes[i].kind == 'c') {
      clang_visitChildren(t->probes[i].cursor, visit_using, &p);
    } else {
      CXCursor dtor = clang_getNullCursor();
      clang_visitChildren(t->probes[i].cursor, find_function, &dtor);
      if (!clang_Cursor_isNull(dtor))
        member_records(&p, dtor);
    }
  }
  if (in->ctors && !p.found_ctor)
    warn_not_shown(t, in, "the constructors");
  if (in->dtor && !p.found_dtor)
    warn_not_shown(t, in, "the destructor");
  for (int i = 0; i < in->nmembers; i++)
    if (!p.found[i])
      warn_not_shown(t, in, arena_concat(t->a, "'", in->members[i], "'"));
}

// The records the probes of a probed unit show, and a warning for each
// function instantiation whose probe showed nothing.
static void probe_records(Tu *t) {
  for (uint32_t i = 0; i < t->nprobes; i++)
    if (t->probes[i].kind == 'f')
      friend_records(t, &t->insts[t->probes[i].index], t->probes[i].cursor);
  for (uint32_t i = 0; i < t->ninsts; i++) {
    Instantiation *in = &t->insts[i];
    SrcLoc loc = instance_loc(t, in);
    if (in->is_class && in->seen)
      class_records(t, (int)i);
    else if (in->seen && !in->resolved)
      diag_warning(t->diag, &loc,
                   "this explicit instantiation is not recorded: libclang 14 does not show it, and the "
                   "declaration ccdll adds to find it names no specialization");
  }
}

static void entity_records(Tu *t, Entity *en) {
  CXCursor c = en->has_def ? en->def : en->canon;
  uint32_t order = en->has_def ? en->def_order : en->first_order;
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_FunctionTemplate)
    return;   // noted for the place of its specializations (see below)
  if (!en->exported) {
    // --all-prototypes: free functions and variables with external
    // linkage, in scope (the audit compares code against data too).
    if (!t->s->opt.all_prototypes || (kind != CXCursor_FunctionDecl && kind != CXCursor_VarDecl) ||
        clang_getCursorLinkage(c) != CXLinkage_External)
      return;
    // A function with an inline definition (a header's extern
    // __inline__, whose body may come from a macro) is compiled into its
    // callers, which import nothing.
    if (kind == CXCursor_FunctionDecl && en->said_inline)
      return;
  }
  // A pure virtual member function has code only where a unit defines
  // it, which it rarely is: neither compiler exports `virtual double
  // area() const = 0;` alone, so it is no export unless defined here. A
  // pure virtual destructor must be defined somewhere (every derived
  // destructor calls it): a declaration like any other.
  if (kind == CXCursor_CXXMethod && !en->has_def && clang_CXXMethod_isPureVirtual(c))
    return;
  if (kind == CXCursor_VarDecl && !instance_data_wanted(t, c, &order))
    return;
  declaration_records(t, c, c, order, en->exported);
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
// the scan. Under AddressSanitizer they are freed, so that its leak check
// sees only real leaks.
void scanner_free(Scanner *s) {
#ifdef __SANITIZE_ADDRESS__
  if (s && s->last) {
    clang_disposeTranslationUnit(s->last);
    s->last = NULL;
  }
#endif
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

// The records of a walked unit, in order.
static void unit_records(Tu *t) {
  for (uint32_t i = 0; i < t->len; i++)
    entity_records(t, &t->v[i]);
  if (t->probing)
    probe_records(t);
  if (t->npending)
    qsort(t->pending, t->npending, sizeof *t->pending, compare_pending);
  for (uint32_t i = 0; i < t->npending; i++)
    exportlist_add(&t->records, t->pending[i].e);
}

// Parses and walks one unit (C++ when cxx); its records go to t->records,
// its messages to t's diagnostics. false after an error.
static bool scan_unit(Scanner *s, Tu *t, const char *path, const char *const *args, int nargs, bool cxx) {
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

  t->named = clang_getFile(t->tu, path);
  clang_visitChildren(clang_getTranslationUnitCursor(t->tu), visit, t);
  // Explicit instantiations: the unit again, with probes, when it has any.
  Tu probed;
  if (cxx)
    find_instantiations(t);
  if (t->ninsts && probe_unit(s, t, &probed, path, args, nargs)) {
    clang_disposeTranslationUnit(t->tu);
    free(t->slots);
    *t = probed;
  }
  unit_records(t);
  return true;
}

// Is the unit of path C++ for clang: the last -x before it says so, or
// its extension does.
static bool is_cxx_unit(const char *path, const char *const *args, int nargs) {
  const char *lang = NULL;
  for (int i = 0; i < nargs; i++)
    if (!strcmp(args[i], "-x") && i + 1 < nargs)
      lang = args[++i];
    else if (!strncmp(args[i], "-x", 2) && args[i][2])
      lang = args[i] + 2;
  if (lang)
    return strstr(lang, "c++") != NULL;
  static const char *const exts[] = {"C", "cc", "cp", "cpp", "CPP", "c++", "C++", "cxx", "CXX", "ii", "cppm",
                                     "ixx", "H", "hh", "hpp", "hxx", "h++", "HPP", "tcc", "ipp", "mm", "M"};
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && !strchr(dot, '/') && i < sizeof exts / sizeof *exts; i++)
    if (!strcmp(dot + 1, exts[i]))
      return true;
  return false;
}

// The C++ include directories of g++ `compiler`, asked once a run.
static const struct CxxHeaders *cxx_headers(Scanner *s, const char *compiler) {
  for (uint32_t i = 0; i < s->ncxx; i++)
    if (!strcmp(s->cxx[i].compiler, compiler))
      return &s->cxx[i];
  s->cxx = arena_reserve(s->arena, s->cxx, s->ncxx, &s->cxx_cap, s->ncxx + 1, sizeof *s->cxx);
  struct CxxHeaders *h = &s->cxx[s->ncxx++];
  h->compiler = compiler;
  h->dirs = scan_cxx_include_dirs(s->arena, compiler, &h->ndirs, s->opt.verbose);
  return h;
}

bool scanner_file(Scanner *s, const char *path, Target target, const char *triple, const char *const *args,
                  int nargs) {
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_error(s->diag, NULL, "%s: %s", path, strerror(errno));
    return false;
  }

  // The arguments: the caller's without their target, then ours: the
  // target, the resource directory once known and, for C++ on a GNU
  // target, the C++ headers of its mingw-w64 g++, which clang 14 does not
  // find (resource.c). They come after the caller's -I and -isystem,
  // which win.
  Arena *a = s->arena;
  bool cxx = is_cxx_unit(path, args, nargs);
  const char *gxx = cxx && target.abi == ABI_GNU ? scan_cxx_compiler(a, triple) : NULL;
  const struct CxxHeaders *headers = NULL;
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
  cache_begin(&cache, a, s->opt.cache_dir, path, argv, argc, gxx, &s->opt);
  if (from_cache(s, &cache))
    return true;
  if (!scanner_ready(s, argv, argc))
    return false;
  int cache_argc = argc;
  if (gxx)
    headers = cxx_headers(s, gxx);
  if (headers && headers->ndirs) {
    const char **more = arena_alloc(a, (size_t)(argc + 2 + 2 * headers->ndirs) * sizeof *more);
    memcpy(more, argv, (size_t)argc * sizeof *argv);
    argv = more;
  }
  if (s->resource_dir) {
    argv[argc++] = "-resource-dir";
    argv[argc++] = s->resource_dir;
  }
  for (int i = 0; headers && i < headers->ndirs; i++) {
    argv[argc++] = "-cxx-isystem";
    argv[argc++] = headers->dirs[i];
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
  if (s->opt.all_prototypes && s->opt.nscope_dirs) {
    t.scope_dirs = arena_alloc(a, (size_t)s->opt.nscope_dirs * sizeof *t.scope_dirs);
    for (int i = 0; i < s->opt.nscope_dirs; i++)
      t.scope_dirs[t.nscope_dirs++] = arena_concat(a, s->opt.scope_dirs[i], "/", "");
  } else if (s->opt.all_prototypes && (t.scope_dirs = arena_alloc(a, sizeof *t.scope_dirs)) &&
             (t.scope_dirs[0] = scope_of(a, path))) {
    t.nscope_dirs = 1;
  }
  bool ok = scan_unit(s, &t, path, argv, argc, cxx) && !tu_diag.errors;
  if (msgs.len)
    fwrite(msgs.data, 1, msgs.len, stderr);
  s->diag->errors += tu_diag.errors;
  s->diag->warnings += tu_diag.warnings;
  if (ok) {
    merge_records(s, &t.records);
    if (cache.path) {
      Buf records = {0};
      for (uint32_t i = 0; i < t.records.len; i++)
        record_write(&records, t.records.v[i]);
      cache.named_text = t.named_text;
      cache.named_len = t.named_len;
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
