// ccdll_plugin.cc - the GCC plugin: records every exported declaration of a
// translation unit while it is compiled, inside the object file.
//
// Loaded into the mingw-w64 cc1/cc1plus (i686 and x86_64). At the end of
// the unit it walks GCC's symbol table and takes every function and
// variable the compiler itself exports (the ones it lists in the object's
// .drectve as `-export:`), except vtables, VTTs and typeinfo objects: C and
// C++, extern "C", members of `class __declspec(dllexport) X` (each
// constructor and destructor in every variant emitted: C1/C2, D0/D1/D2),
// the thunks GCC exports with them, and dllexport explicit template
// instantiations. Each becomes one export record (wrapper/record.c, JSON
// Lines), and the records go into a section `.ccdll` of the object, marked
// IMAGE_SCN_LNK_REMOVE so that the linker drops it. They travel with the
// object, so the link step finds them after a ccache hit or a distcc
// compile as well.
//
// Usage (one build of the plugin per compiler: GCC checks the version and
// configuration of the compiler that loads it):
//
//   i686-w64-mingw32-gcc -fplugin=BUILD/plugin/gcc/i686-w64-mingw32-12-win32/ccdll.so -c foo.c
//
// where 12-win32 is the directory of `i686-w64-mingw32-gcc
// -print-file-name=plugin`. The file is called ccdll.so because GCC takes
// the plugin's name for -fplugin-arg-NAME-KEY from the file name, up to the
// first '-'. Options:
//
//   -fplugin-arg-ccdll-verbose   a note at each exported declaration
//                                naming its record
//
// What a record holds:
//
//   name       the symbol without its decoration: in C the identifier
//              ("Foo"), in C++ the mangled name ("_Z3fooi")
//   symbol     GCC's assembler name without the i386 '_' (and without a
//              leading '*'): Foo@4, @Fast@8, cdeclfn, Var, _Z3fooi@4
//   conv       the effective convention of the function type: cdecl,
//              stdcall, fastcall, thiscall (variadic ones are cdecl; x86_64
//              has only cdecl); none for data
//   arg_bytes  decorate_arg_bytes over the parameter types, checked against
//              the @nn of the assembler name: a difference is our bug, is
//              warned about, and the compiler's number is recorded
//   kind       code or data
//   file, line, col   the name in the definition (else the declaration
//              GCC keeps), at the outermost macro expansion point when the
//              name comes from a macro; col counts bytes from 1
//   prototype  that source line, blanks squeezed
//
// Diagnostics go through GCC (error, warning_at, inform); the plugin never
// exits the compiler.
#include "gcc-plugin.h"
#include "plugin-version.h"
#include "tree.h"
#include "stringpool.h"
#include "attribs.h"
#include "cgraph.h"
#include "rtl.h"
#include "output.h"
#include "varasm.h"
#include "diagnostic.h"
#include "langhooks.h"
#include "tm_p.h"
#include "hash-map.h"

#include "core.h"

int plugin_is_GPL_compatible;

static struct plugin_info ccdll_plugin_info = {
  CCDLL_VERSION,
  "records the exported declarations of each object in its .ccdll section\n"
  "  -fplugin-arg-ccdll-verbose   a note at each exported declaration",
};

static bool verbose;

//
// Where the records point
//

// The location of some declarations is remembered as the unit is
// compiled, by DECL_UID (never reused), where GCC's own is not the one a
// record wants:
//
// - GCC keeps the location of the last declaration of a variable unless an
//   earlier one had an initializer: for `int v; extern int v;` it names
//   the `extern` line. The first definition of each public variable is
//   taken as it is parsed (PLUGIN_FINISH_DECL).
// - A C++ thunk has the location of the member's declaration in its class.
//   It gets the location of the function it calls (usually a definition),
//   taken before the thunks are expanded and forget their target
//   (PLUGIN_ALL_IPA_PASSES_START).
typedef struct {
  location_t loc;
  bool final;          // an initialized definition, or a thunk's target
} KnownLoc;

typedef hash_map<int_hash<unsigned, UINT_MAX, UINT_MAX - 1>, KnownLoc> KnownLocMap;
static KnownLocMap *known_locs;

static void remember(tree decl, location_t loc, bool final) {
  if (!known_locs)
    known_locs = new KnownLocMap;
  KnownLoc *k = known_locs->get(DECL_UID(decl));
  if (!k || (!k->final && final)) {
    KnownLoc v = {loc, final};
    known_locs->put(DECL_UID(decl), v);
  }
}

static void ccdll_finish_decl(void *gcc_data, void *) {
  tree decl = (tree)gcc_data;
  // A tentative definition `int v;` gives way to one with an initializer,
  // whose location GCC has just given the merged declaration.
  if (VAR_P(decl) && TREE_PUBLIC(decl) && !DECL_EXTERNAL(decl))
    remember(decl, DECL_SOURCE_LOCATION(decl), DECL_INITIAL(decl) != NULL_TREE);
}

static void ccdll_ipa_start(void *, void *) {
  cgraph_node *fn;
  FOR_EACH_FUNCTION(fn) {
    if (!fn->thunk || !TREE_PUBLIC(fn->decl))
      continue;
    cgraph_node *target = fn->function_symbol();
    if (target && target != fn)
      remember(fn->decl, DECL_SOURCE_LOCATION(target->decl), true);
  }
}

//
// The records
//

typedef struct {
  location_t order;   // where the name is, in the order of the unit
  Export e;
} Record;

// Does the compiler export this symbol? When it writes code (the usual
// case), exactly when it marked the symbol dllexport and output it: then
// it is in the .drectve. A slim LTO object has no code yet; its exports are
// what i386_pe_determine_dllexport_p (winnt.cc) will decide.
static bool is_exported(symtab_node *node) {
  tree decl = node->decl;
  if (!node->definition || DECL_EXTERNAL(decl) || !TREE_PUBLIC(decl))
    return false;
  if (flag_generate_lto && !flag_fat_lto_objects)
    return lookup_attribute("dllexport", DECL_ATTRIBUTES(decl)) &&
           !(TREE_CODE(decl) == FUNCTION_DECL && DECL_DECLARED_INLINE_P(decl) && !flag_keep_inline_dllexport);
  if (!TREE_ASM_WRITTEN(decl) || !DECL_RTL_SET_P(decl))
    return false;
  rtx rtl = DECL_RTL(decl);
  return MEM_P(rtl) && GET_CODE(XEXP(rtl, 0)) == SYMBOL_REF && SYMBOL_REF_DLLEXPORT_P(XEXP(rtl, 0));
}

// The class of one parameter type for decorate_arg_bytes.
static ParamType classify(tree type) {
  HOST_WIDE_INT size = int_size_in_bytes(type);
  ParamType p = {PT_RECORD, size > 0 ? (uint32_t)size : 0};
  switch (TREE_CODE(type)) {
  case INTEGER_TYPE:
  case ENUMERAL_TYPE:
  case BOOLEAN_TYPE:
  case OFFSET_TYPE:   // a pointer to data member is an offset
    p.cls = PT_INT;
    break;
  case REAL_TYPE:
    // float, double and the x87 long double; other real types (__float128,
    // _Float16) are counted by their size.
    if (TYPE_MODE(type) == SFmode)
      p.cls = PT_FLOAT;
    else if (TYPE_MODE(type) == DFmode)
      p.cls = PT_DOUBLE;
    else if (TYPE_MODE(type) == XFmode)
      p.cls = PT_LONG_DOUBLE;
    break;
  case POINTER_TYPE:
  case REFERENCE_TYPE:
  case ARRAY_TYPE:
  case FUNCTION_TYPE:
  case METHOD_TYPE:
    p.cls = PT_POINTER;
    break;
  case VECTOR_TYPE:
    p.cls = PT_VECTOR;
    break;
  case COMPLEX_TYPE:
    p.cls = PT_COMPLEX;
    break;
  default:
    // struct, union, a C++ pointer to member function (a struct),
    // nullptr_t: their size.
    break;
  }
  return p;
}

// The effective calling convention of a function type, as the i386 back
// end decides it (ix86_get_callcvt: attributes, -mrtd, thiscall for C++
// methods on i386, cdecl on x86_64). A variadic function is called as
// cdecl whatever it says.
static CallConv convention(tree type) {
  if (stdarg_p(type))
    return CONV_CDECL;
  unsigned cvt = ix86_get_callcvt(type);
  if (cvt & IX86_CALLCVT_STDCALL)
    return CONV_STDCALL;
  if (cvt & IX86_CALLCVT_FASTCALL)
    return CONV_FASTCALL;
  if (cvt & IX86_CALLCVT_THISCALL)
    return CONV_THISCALL;
  return CONV_CDECL;
}

// The N of the decoration as our rules compute it from the parameters, the
// way gen_stdcall_or_fastcall_suffix (winnt.cc) walks them: a C++ method's
// `this` counts, a K&R type has no parameters, and the count stops at a
// parameter of incomplete type.
static int compute_arg_bytes(Arena *a, Target t, tree type, CallConv conv) {
  ParamType *params = NULL;
  uint32_t n = 0, cap = 0;
  if (prototype_p(type)) {
    function_args_iterator it;
    tree arg;
    FOREACH_FUNCTION_ARGS(type, arg, it) {
      if (!COMPLETE_TYPE_P(arg) || int_size_in_bytes(arg) < 0)
        break;
      params = (ParamType *)arena_reserve(a, params, n, &cap, n + 1, sizeof *params);
      params[n++] = classify(arg);
    }
  }
  return decorate_arg_bytes(t, conv, params, (int)n, stdarg_p(type));
}

// GCC locates `int Widget::get()` at `Widget`, the start of the qualified
// name; the name is its last component. Skips `A::`, `A<T>::` and blanks
// from byte col (1-based) of the line; gives the column of what follows
// the last `::`, or col when there is none.
static int skip_qualifiers(const char *line, int len, int col) {
  int p = col - 1, name = p;
  while (p < len && ISIDST(line[p])) {
    while (p < len && ISIDNUM(line[p]))
      p++;
    while (p < len && ISBLANK(line[p]))
      p++;
    if (p < len && line[p] == '<') {
      int depth = 0;
      do
        depth += line[p] == '<' ? 1 : line[p] == '>' ? -1 : 0;
      while (++p < len && depth > 0);
      if (depth > 0)
        break;
      while (p < len && ISBLANK(line[p]))
        p++;
    }
    if (p + 1 >= len || line[p] != ':' || line[p + 1] != ':')
      break;
    p += 2;
    while (p < len && ISBLANK(line[p]))
      p++;
    name = p;
  }
  return name < len ? name + 1 : col;
}

// The line with each run of blanks made one space, none at either end.
static const char *squeeze(Arena *a, const char *line, int len) {
  char *s = (char *)arena_alloc(a, (size_t)len + 1), *q = s;
  for (int i = 0; i < len; i++) {
    if (ISSPACE(line[i])) {
      if (q > s && q[-1] != ' ')
        *q++ = ' ';
    } else {
      *q++ = line[i];
    }
  }
  if (q > s && q[-1] == ' ')
    q--;
  *q = '\0';
  return s;
}

// Where the record of a declaration points: its definition's name.
static location_t record_location(tree decl) {
  if (known_locs)
    if (KnownLoc *k = known_locs->get(DECL_UID(decl)))
      return k->loc;
  return DECL_SOURCE_LOCATION(decl);
}

static void fill_location(Arena *a, Record *r, location_t decl_loc) {
  location_t loc = expansion_point_location(decl_loc);
  r->order = loc;
  expanded_location x = expand_location(loc);
  if (!x.file || x.line <= 0)
    return;
  r->e.loc.file = arena_strdup(a, x.file);
  r->e.loc.line = x.line;
  r->e.loc.col = x.column;
  char_span line = location_get_source_line(x.file, x.line);
  if (!line)
    return;
  int len = (int)line.length();
  if (lang_GNU_CXX() && !linemap_location_from_macro_expansion_p(line_table, decl_loc) && x.column > 0 &&
      x.column <= len)
    r->e.loc.col = skip_qualifiers(line.get_buffer(), len, x.column);
  r->e.prototype = squeeze(a, line.get_buffer(), len);
}

// The record of an exported symbol.
static void make_record(Arena *a, Target t, symtab_node *node, Record *r) {
  tree decl = node->decl;
  const char *symbol = IDENTIFIER_POINTER(DECL_ASSEMBLER_NAME(decl));
  bool verbatim = *symbol == '*';   // an asm label: GCC decorates nothing
  if (verbatim)
    symbol++;
  r->e.symbol = arena_strdup(a, symbol);
  r->e.arg_bytes = -1;

  // The name is the symbol without its decoration: the identifier of a C
  // function, the mangled name of a C++ one. That is also the name
  // object_exports (objexports.c) gives the export directive of the same
  // symbol, so that the record and the directive are one export.
  Undecorated u;
  undecorate(r->e.symbol, &u);
  r->e.name = u.conv == CONV_NONE ? r->e.symbol : arena_strndup(a, u.name, u.name_len);

  location_t loc = record_location(decl);
  fill_location(a, r, loc);

  if (TREE_CODE(decl) != FUNCTION_DECL) {
    r->e.kind = EXPORT_DATA;
    r->e.conv = CONV_NONE;
    return;
  }
  r->e.kind = EXPORT_CODE;
  tree type = TREE_TYPE(decl);
  r->e.conv = convention(type);
  r->e.arg_bytes = compute_arg_bytes(a, t, type, r->e.conv);
  // With -mrtd GCC leaves every stdcall name undecorated, whatever the
  // declaration says, and lets the linker resolve them
  // (i386_pe_maybe_mangle_decl_assembler_name, winnt.cc).
  if (TARGET_RTD && r->e.conv == CONV_STDCALL)
    r->e.arg_bytes = -1;

  // The compiler is the referee: its assembler name has the N it uses.
  if (!verbatim && (u.arg_bytes != r->e.arg_bytes || (u.conv != CONV_NONE && u.conv != r->e.conv)))
    warning_at(loc, 0, "cc-dll computes %s %<@%d%> for %qD but the compiler emits %qs; recorded as the compiler has it",
               conv_name(r->e.conv), r->e.arg_bytes, decl, symbol);
  if (u.conv != CONV_NONE)
    r->e.conv = u.conv;
  r->e.arg_bytes = u.arg_bytes;
}

static int compare_records(const void *x, const void *y) {
  const Record *a = (const Record *)x, *b = (const Record *)y;
  if (a->order != b->order)
    return a->order < b->order ? -1 : 1;
  return strcmp(a->e.symbol, b->e.symbol);
}

// Writes the records as the bytes of section .ccdll. Flag "n" (not
// loaded) makes GAS set IMAGE_SCN_LNK_REMOVE, "y" drops MEM_READ, so the
// linker reads nothing of it into an image. GAS pads the section to 4
// bytes; the records are padded with newlines (empty lines) instead, so
// that the section holds JSON Lines and nothing else.
static void emit_section(Buf *text) {
  while (text->len % 4)
    buf_put_u8(text, '\n');
  fputs("\t.section\t.ccdll,\"yn\"\n", asm_out_file);
  for (size_t i = 0; i < text->len; i += 64) {
    fputs("\t.ascii\t\"", asm_out_file);
    for (size_t k = i; k < text->len && k < i + 64; k++) {
      unsigned char c = text->data[k];
      if (c == '"' || c == '\\')
        fprintf(asm_out_file, "\\%c", c);
      else if (c >= 0x20 && c < 0x7f)
        putc(c, asm_out_file);
      else
        fprintf(asm_out_file, "\\%03o", c);
    }
    fputs("\"\n", asm_out_file);
  }
  // The next section switch GCC makes must be written out.
  in_section = NULL;
}

static void ccdll_finish_unit(void *, void *) {
  if (seen_error() || !asm_out_file)
    return;
  Target t = {TARGET_64BIT ? MACH_AMD64 : MACH_I386, ABI_GNU};
  Arena arena = {0};
  Record *recs = NULL;
  uint32_t n = 0, cap = 0;

  symtab_node *node;
  FOR_EACH_SYMBOL(node) {
    tree decl = node->decl;
    if (TREE_CODE(decl) != FUNCTION_DECL && !VAR_P(decl))
      continue;
    // Vtables, VTTs and typeinfo: the objects' .drectve carries them.
    if (VAR_P(decl) && DECL_ARTIFICIAL(decl))
      continue;
    if (!is_exported(node))
      continue;
    recs = (Record *)arena_reserve(&arena, recs, n, &cap, n + 1, sizeof *recs);
    memset(&recs[n], 0, sizeof recs[n]);
    make_record(&arena, t, node, &recs[n]);
    n++;
  }

  if (n) {
    qsort(recs, n, sizeof *recs, compare_records);
    Buf text = {};
    for (uint32_t i = 0; i < n; i++) {
      size_t start = text.len;
      record_write(&text, &recs[i].e);
      if (verbose)
        inform(recs[i].order, "exported, recorded as %.*s", (int)(text.len - start - 1),
               (const char *)text.data + start);
    }
    emit_section(&text);
    buf_free(&text);
  }
  arena_free(&arena);
}

static void ccdll_finish(void *, void *) {
  delete known_locs;
  known_locs = NULL;
}

int plugin_init(struct plugin_name_args *info, struct plugin_gcc_version *version) {
  if (!plugin_default_version_check(version, &gcc_version)) {
    error("%s was built for another GCC (%s), not for this one (%s); use the build for this compiler, the "
          "one named after the directory of %<-print-file-name=plugin%>",
          info->full_name, gcc_version.basever, version->basever);
    return 1;
  }
  for (int i = 0; i < info->argc; i++) {
    if (!strcmp(info->argv[i].key, "verbose") && !info->argv[i].value)
      verbose = true;
    else
      error("unknown option %<-fplugin-arg-%s-%s%>", info->base_name, info->argv[i].key);
  }
  register_callback(info->base_name, PLUGIN_INFO, NULL, &ccdll_plugin_info);
  register_callback(info->base_name, PLUGIN_FINISH_DECL, ccdll_finish_decl, NULL);
  register_callback(info->base_name, PLUGIN_ALL_IPA_PASSES_START, ccdll_ipa_start, NULL);
  register_callback(info->base_name, PLUGIN_FINISH_UNIT, ccdll_finish_unit, NULL);
  register_callback(info->base_name, PLUGIN_FINISH, ccdll_finish, NULL);
  return 0;
}
