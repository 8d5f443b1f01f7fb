// audit.c - the rules of `ccdll audit`.
//
// Every declaration of the headers is looked up by its plain C name in
// each artifact, and what clients compiled with it would link (the
// symbol, with its @nn), load (the name or ordinal the loader looks up)
// and run (the stack the code pops) is held against it. Then the
// artifacts against one another (an import library against the DLL it
// names), and the new release against the previous one.
#include "audit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const AuditRule audit_rules[RULE_COUNT] = {
  [RULE_DECORATION_MISMATCH] = {"decoration-mismatch", SEVERITY_ERROR,
    "The @nn of the artifact's symbol is not the one the header's prototype gives: callers fail to link."},
  [RULE_CONVENTION_MISMATCH] = {"convention-mismatch", SEVERITY_ERROR,
    "The artifact's symbol has another calling convention's decoration than the header's prototype."},
  [RULE_STACK_BYTES_MISMATCH] = {"stack-bytes-mismatch", SEVERITY_ERROR,
    "The DLL's code pops another number of argument bytes (ret N) than the stdcall prototype passes."},
  [RULE_CALLEE_POPS_CDECL] = {"callee-pops-cdecl", SEVERITY_ERROR,
    "The header declares a cdecl function whose code in the DLL pops its arguments (ret N): it is stdcall."},
  [RULE_CALLER_POPS_STDCALL] = {"caller-pops-stdcall", SEVERITY_ERROR,
    "The header declares a stdcall function whose code in the DLL returns with a plain ret: it is cdecl."},
  [RULE_CODE_DECLARED_DATA] = {"code-declared-data", SEVERITY_ERROR,
    "The header declares a function that the artifact has as data."},
  [RULE_DATA_DECLARED_CODE] = {"data-declared-code", SEVERITY_ERROR,
    "The header declares a variable that the artifact has as code."},
  [RULE_MISSING_IN_HEADERS] = {"missing-in-headers", SEVERITY_WARNING,
    "The artifact exports a name that no header declares."},
  [RULE_MISSING_IN_ARTIFACTS] = {"missing-in-artifacts", SEVERITY_NOTE,
    "The header declares a function or variable that no artifact given has."},
  [RULE_UNDECORATED_IMPORT_SYMBOL] = {"undecorated-import-symbol", SEVERITY_WARNING,
    "Beside the stdcall symbol Foo@N the artifact has a plain Foo, which a caller without the prototype "
    "links and then corrupts its stack."},
  [RULE_LOADER_NAME_MISSING] = {"loader-name-missing", SEVERITY_ERROR,
    "The import library makes the loader look up a name that the DLL does not export: programs link, then "
    "fail to load."},
  [RULE_ORDINAL_MISMATCH] = {"ordinal-mismatch", SEVERITY_ERROR,
    "The import library imports by an ordinal that the DLL does not have, or has for another name."},
  [RULE_DLL_NAME_MISMATCH] = {"dll-name-mismatch", SEVERITY_ERROR,
    "The import library or .def names another DLL than the DLL given."},
  [RULE_EXPORT_REMOVED] = {"export-removed", SEVERITY_ERROR,
    "An export of the previous release is gone."},
  [RULE_EXPORT_RENAMED] = {"export-renamed", SEVERITY_ERROR,
    "An export of the previous release is gone, and its ordinal has another name now."},
  [RULE_DECORATION_CHANGED] = {"decoration-changed", SEVERITY_ERROR,
    "An export's decoration or the stack its code pops differs from the previous release."},
  [RULE_ORDINAL_MOVED] = {"ordinal-moved", SEVERITY_WARNING,
    "An export has another ordinal than in the previous release: programs importing it by ordinal call "
    "something else."},
  [RULE_KIND_CHANGED] = {"kind-changed", SEVERITY_ERROR,
    "An export was data in the previous release and is code now, or the reverse."},
};

const char *severity_name(Severity s) {
  return s == SEVERITY_ERROR ? "error" : s == SEVERITY_WARNING ? "warning" : "note";
}

typedef struct {
  Arena *a;
  const AuditInput *in;
  Findings *out;
} Audit;

static void report(Audit *au, RuleId rule, const char *name, const SrcLoc *loc, const SrcLoc *related,
                   const char *related_message, const char *message) {
  Findings *f = au->out;
  f->v = arena_reserve(au->a, f->v, f->len, &f->cap, f->len + 1, sizeof *f->v);
  f->v[f->len++] = (Finding){rule, name, *loc, message, related ? *related : (SrcLoc){0}, related_message};
}

// The plain C name of a declaration: the key its artifacts' entries have.
static const char *decl_key(Arena *a, const Export *x) {
  Undecorated u;
  undecorate(x->symbol ? x->symbol : x->name, &u);
  return arena_strndup(a, u.name, u.name_len);
}

static const char *decl_symbol(const Export *x) {
  return x->symbol ? x->symbol : x->name;
}

static bool is_decorated(CallConv c) {
  return c == CONV_STDCALL || c == CONV_FASTCALL || c == CONV_VECTORCALL;
}

// What the artifact is called in a message: "the import library".
static const char *the(const Artifact *art) {
  return art->kind == ARTIFACT_DLL ? "the DLL" : art->kind == ARTIFACT_IMPLIB ? "the import library" : "the .def";
}

static const char *where(Audit *au, const Entry *e) {
  return arena_printf(au->a, "'%s' is here", e->symbol);
}

//
// A declaration against one artifact
//

static bool kind_is_data(ExportKind k) {
  return k != EXPORT_CODE;
}

// The symbols of a stdcall, fastcall or vectorcall function: one of them
// must be the prototype's.
static void check_decorated(Audit *au, const Export *x, const char *key, const Artifact *art, const Entry *v,
                            uint32_t n) {
  const char *want = decl_symbol(x);
  const Entry *exact = NULL, *plain = NULL, *other = NULL;
  for (uint32_t i = 0; i < n; i++) {
    if (!strcmp(v[i].symbol, want))
      exact = &v[i];
    else if (v[i].conv == CONV_NONE)
      plain = &v[i];
    else if (!other)
      other = &v[i];
  }
  if (exact) {
    // A DLL exports the plain name of a stdcall function (kill-at):
    // clients reach it through the import library's Foo@N.
    if (plain && art->kind != ARTIFACT_DLL)
      report(au, RULE_UNDECORATED_IMPORT_SYMBOL, key, &x->loc, &plain->loc, where(au, plain),
             arena_printf(au->a,
                          "%s has the plain symbol '%s' beside '%s': a caller without the prototype links it "
                          "and corrupts its stack",
                          the(art), plain->symbol, want));
    return;
  }
  if (other && other->conv != x->conv)
    report(au, RULE_CONVENTION_MISMATCH, key, &x->loc, &other->loc, where(au, other),
           arena_printf(au->a, "'%s' is %s ('%s') by its prototype, but %s has the %s symbol '%s'", key,
                        conv_name(x->conv), want, the(art), conv_name(other->conv), other->symbol));
  else if (other)
    report(au, RULE_DECORATION_MISMATCH, key, &x->loc, &other->loc, where(au, other),
           arena_printf(au->a, "'%s' is '%s' by its prototype (%d bytes of arguments), but %s has '%s'", key,
                        want, x->arg_bytes, the(art), other->symbol));
  else if (plain && art->kind != ARTIFACT_DLL)
    report(au, RULE_DECORATION_MISMATCH, key, &x->loc, &plain->loc, where(au, plain),
           arena_printf(au->a,
                        "'%s' is '%s' by its prototype, but %s has only the plain symbol '%s': callers with the "
                        "prototype fail to link, callers without it link and corrupt their stack",
                        key, want, the(art), plain->symbol));
}

// A cdecl function must have no decorated symbol.
static void check_cdecl(Audit *au, const Export *x, const char *key, const Artifact *art, const Entry *v,
                        uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (is_decorated(v[i].conv)) {
      report(au, RULE_CONVENTION_MISMATCH, key, &x->loc, &v[i].loc, where(au, &v[i]),
             arena_printf(au->a, "'%s' is %s by its prototype, but %s has the %s symbol '%s'", key,
                          conv_name(x->conv), the(art), conv_name(v[i].conv), v[i].symbol));
      return;
    }
}

// What the code of an i386 function pops, against its prototype. Only a
// sure reading counts; fastcall passes its first arguments in registers,
// which the decoration counts and ret does not, and is left alone.
static void check_code(Audit *au, const Export *x, const char *key, const Entry *e) {
  if (!e->has_pops || !e->pops.sure || e->pops.bytes < 0)
    return;
  int pops = e->pops.bytes;
  const char *at = arena_printf(au->a, "its code returns with '%s'",
                                pops ? arena_printf(au->a, "ret %d", pops) : "ret");
  if (x->conv == CONV_CDECL && pops > 0)
    report(au, RULE_CALLEE_POPS_CDECL, key, &x->loc, &e->loc, at,
           arena_printf(au->a,
                        "'%s' is cdecl by its prototype, but its code in the DLL pops %d bytes of arguments "
                        "('ret %d'): the stack is popped twice",
                        key, pops, pops));
  else if (x->conv == CONV_STDCALL && pops == 0 && x->arg_bytes > 0)
    report(au, RULE_CALLER_POPS_STDCALL, key, &x->loc, &e->loc, at,
           arena_printf(au->a,
                        "'%s' is stdcall ('%s') by its prototype, but its code in the DLL returns with a plain "
                        "'ret': the arguments are never popped",
                        key, decl_symbol(x)));
  else if (x->conv == CONV_STDCALL && pops != x->arg_bytes && x->arg_bytes >= 0 && pops > 0)
    report(au, RULE_STACK_BYTES_MISMATCH, key, &x->loc, &e->loc, at,
           arena_printf(au->a,
                        "'%s' passes %d bytes of arguments by its prototype ('%s'), but its code in the DLL "
                        "pops %d ('ret %d')",
                        key, x->arg_bytes, decl_symbol(x), pops, pops));
}

static void check_decl(Audit *au, const Export *x, const char *key, const Artifact *art, const Entry *v,
                       uint32_t n) {
  bool data = x->kind != EXPORT_CODE;
  for (uint32_t i = 0; i < n; i++)
    if (kind_is_data(v[i].kind) != data) {
      report(au, data ? RULE_DATA_DECLARED_CODE : RULE_CODE_DECLARED_DATA, key, &x->loc, &v[i].loc,
             where(au, &v[i]),
             arena_printf(au->a, "'%s' is declared a %s, but %s has it as %s", key, data ? "variable" : "function",
                          the(art), data ? "code" : "data"));
      return;
    }
  if (data)
    return;
  if (is_decorated(x->conv))
    check_decorated(au, x, key, art, v, n);
  else if (x->conv == CONV_CDECL)
    check_cdecl(au, x, key, art, v, n);
  for (uint32_t i = 0; i < n; i++)
    check_code(au, x, key, &v[i]);
}

//
// The headers against the artifacts
//

typedef struct {
  const char *key;
  const Export *x;
} Decl;

static int decl_cmp(const void *pa, const void *pb) {
  return strcmp(((const Decl *)pa)->key, ((const Decl *)pb)->key);
}

static const Export *decl_find(const Decl *d, uint32_t n, const char *key) {
  const Decl k = {key, NULL};
  const Decl *hit = bsearch(&k, d, n, sizeof *d, decl_cmp);
  return hit ? hit->x : NULL;
}

static void check_headers(Audit *au, const Decl *decls, uint32_t ndecls) {
  const AuditInput *in = au->in;
  for (uint32_t i = 0; i < ndecls; i++) {
    const Export *x = decls[i].x;
    bool found = false;
    for (int k = 0; k < in->nartifacts; k++) {
      uint32_t n;
      const Entry *v = artifact_find(&in->artifacts[k], decls[i].key, &n);
      if (!v)
        continue;
      found = true;
      check_decl(au, x, decls[i].key, &in->artifacts[k], v, n);
    }
    if (!found && in->nartifacts)
      report(au, RULE_MISSING_IN_ARTIFACTS, decls[i].key, &x->loc, NULL, NULL,
             arena_printf(au->a, "'%s' is declared, but no DLL, import library or .def given has it",
                          decls[i].key));
  }
  // The names exported but declared nowhere, once each, at the first
  // artifact that has them.
  const char **seen = NULL;
  uint32_t nseen = 0, cap = 0;
  for (int k = 0; k < in->nartifacts; k++) {
    const Artifact *art = &in->artifacts[k];
    for (uint32_t i = 0; i < art->len; i++) {
      const Entry *e = &art->v[i];
      if (e->noname || e->in_library || (i && !strcmp(art->v[i - 1].key, e->key)) ||
          decl_find(decls, ndecls, e->key))
        continue;
      bool before = false;
      for (uint32_t s = 0; s < nseen && !before; s++)
        before = !strcmp(seen[s], e->key);
      if (before)
        continue;
      if (k + 1 < in->nartifacts) {
        seen = arena_reserve(au->a, seen, nseen, &cap, nseen + 1, sizeof *seen);
        seen[nseen++] = e->key;
      }
      report(au, RULE_MISSING_IN_HEADERS, e->key, &e->loc, NULL, NULL,
             arena_printf(au->a, "%s has '%s', but no header declares '%s'", the(art), e->symbol, e->key));
    }
  }
}

//
// Import libraries and .def files against the DLL they name
//

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static bool names_dll(const Artifact *dll, const char *name) {
  return (dll->dll_name && !strcasecmp(dll->dll_name, name)) || !strcasecmp(base_name(dll->path), name);
}

static const Entry *dll_ordinal(const Artifact *dll, uint16_t ordinal) {
  for (uint32_t i = 0; i < dll->len; i++)
    if (dll->v[i].ordinal == ordinal)
      return &dll->v[i];
  return NULL;
}

static void check_against_dll(Audit *au, const Decl *decls, uint32_t ndecls, const Artifact *art,
                              const Artifact *dll) {
  if (art->dll_name && !names_dll(dll, art->dll_name)) {
    const SrcLoc dll_loc = {dll->path, 0, 0};
    report(au, RULE_DLL_NAME_MISMATCH, art->dll_name, &art->dll_loc, &dll_loc,
           arena_printf(au->a, "the DLL calls itself '%s'", dll->dll_name ? dll->dll_name : base_name(dll->path)),
           arena_printf(au->a, "%s names the DLL '%s', but the DLL given is '%s'", the(art), art->dll_name,
                        dll->dll_name ? dll->dll_name : base_name(dll->path)));
  }
  if (art->kind != ARTIFACT_IMPLIB)
    return;
  for (uint32_t i = 0; i < art->len; i++) {
    const Entry *e = &art->v[i];
    const Export *x = decl_find(decls, ndecls, e->key);
    const SrcLoc *loc = x ? &x->loc : &e->loc;
    const SrcLoc *related = x ? &e->loc : NULL;
    if (e->loader_name) {
      Undecorated u;
      undecorate(e->loader_name, &u);
      uint32_t n;
      const Entry *v = artifact_find(dll, arena_strndup(au->a, u.name, u.name_len), &n);
      bool there = false;
      for (uint32_t j = 0; j < n && !there; j++)
        there = !strcmp(v[j].loader_name ? v[j].loader_name : "", e->loader_name);
      if (!there)
        report(au, RULE_LOADER_NAME_MISSING, e->key, loc, related, related ? where(au, e) : NULL,
               arena_printf(au->a,
                            "the import library has '%s' import '%s' from %s, which exports no such name%s: "
                            "programs link, then fail to load",
                            e->symbol, e->loader_name, dll->dll_name ? dll->dll_name : base_name(dll->path),
                            n ? arena_printf(au->a, " (it has '%s')", v[0].symbol) : ""));
    } else if (e->ordinal) {
      const Entry *at = dll_ordinal(dll, e->ordinal);
      if (!at || (!at->noname && strcmp(at->key, e->key)))
        report(au, RULE_ORDINAL_MISMATCH, e->key, loc, related, related ? where(au, e) : NULL,
               at ? arena_printf(au->a, "the import library imports '%s' by ordinal %u, which is '%s' in %s",
                                 e->symbol, e->ordinal, at->symbol, base_name(dll->path))
                  : arena_printf(au->a, "the import library imports '%s' by ordinal %u, which %s does not have",
                                 e->symbol, e->ordinal, base_name(dll->path)));
    }
  }
}

// Each import library and .def against the DLL it names: that of the
// DLLs given whose name it has, else the only DLL given.
static void check_pairs(Audit *au, const Decl *decls, uint32_t ndecls) {
  const AuditInput *in = au->in;
  int ndlls = 0;
  const Artifact *only = NULL;
  for (int k = 0; k < in->nartifacts; k++)
    if (in->artifacts[k].kind == ARTIFACT_DLL)
      ndlls++, only = &in->artifacts[k];
  for (int k = 0; k < in->nartifacts; k++) {
    const Artifact *art = &in->artifacts[k];
    if (art->kind == ARTIFACT_DLL)
      continue;
    const Artifact *dll = NULL;
    for (int j = 0; j < in->nartifacts && !dll; j++)
      if (in->artifacts[j].kind == ARTIFACT_DLL && art->dll_name && names_dll(&in->artifacts[j], art->dll_name))
        dll = &in->artifacts[j];
    if (!dll && ndlls == 1)
      dll = only;
    if (dll)
      check_against_dll(au, decls, ndecls, art, dll);
  }
}

//
// The previous release
//

// The release the baseline is held against: the first DLL given, else
// the first .def, else the first import library.
static const Artifact *newest(const AuditInput *in) {
  static const ArtifactKind order[] = {ARTIFACT_DLL, ARTIFACT_DEF, ARTIFACT_IMPLIB};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < in->nartifacts; i++)
      if (in->artifacts[i].kind == order[k])
        return &in->artifacts[i];
  return NULL;
}

// The argument bytes a function pops: its stdcall decoration says so, or
// the code read from a DLL; -1 when neither does.
static int entry_pops(const Entry *e) {
  if (e->conv == CONV_STDCALL)
    return e->arg_bytes;
  if (e->conv == CONV_NONE && e->has_pops && e->pops.sure)
    return e->pops.bytes;
  return -1;
}

static const char *pops_text(Audit *au, const Entry *e, int pops) {
  if (e->conv != CONV_NONE && e->conv != CONV_STDCALL)
    return conv_name(e->conv);
  return pops < 0 ? "pops ?" : arena_printf(au->a, "pops %d", pops);
}

static void check_baseline(Audit *au, const Decl *decls, uint32_t ndecls) {
  const Artifact *old = au->in->baseline, *cur = newest(au->in);
  if (!old || !cur)
    return;
  for (uint32_t i = 0; i < old->len; i++) {
    const Entry *o = &old->v[i];
    const Export *x = o->noname ? NULL : decl_find(decls, ndecls, o->key);
    uint32_t n = 0;
    const Entry *v = o->noname ? NULL : artifact_find(cur, o->key, &n);
    const char *what = o->noname ? arena_printf(au->a, "ordinal %u (NONAME)", o->ordinal)
                                 : arena_printf(au->a, "'%s'", o->symbol);
    const char *then = arena_printf(au->a, "%s in the previous release", what);
    if (o->noname) {
      const Entry *at = dll_ordinal(cur, o->ordinal);
      if (!at)
        report(au, RULE_EXPORT_REMOVED, o->key, &(SrcLoc){cur->path, 0, 0}, &o->loc, then,
               arena_printf(au->a, "%s of the previous release is gone", what));
      continue;
    }
    const SrcLoc *loc = x ? &x->loc : v ? &v->loc : &(SrcLoc){cur->path, 0, 0};
    if (!v) {
      const Entry *at = o->ordinal ? dll_ordinal(cur, o->ordinal) : NULL;
      uint32_t m;
      const Export *renamed = at && !at->noname && !artifact_find(old, at->key, &m)
                                  ? decl_find(decls, ndecls, at->key) : NULL;
      if (renamed)
        loc = &renamed->loc;
      if (at && !at->noname && !artifact_find(old, at->key, &m))
        report(au, RULE_EXPORT_RENAMED, o->key, loc, &o->loc, then,
               arena_printf(au->a, "%s of the previous release is gone, and its ordinal %u is '%s' now", what,
                            o->ordinal, at->symbol));
      else
        report(au, RULE_EXPORT_REMOVED, o->key, loc, &o->loc, then,
               arena_printf(au->a, "%s of the previous release is gone", what));
      continue;
    }
    // One entry of the key stands for the new release: the one with the
    // same symbol when there is one.
    const Entry *e = v;
    for (uint32_t j = 0; j < n; j++)
      if (!strcmp(v[j].symbol, o->symbol))
        e = &v[j];
    int then_pops = entry_pops(o), now_pops = entry_pops(e);
    if (o->conv != CONV_NONE && e->conv != CONV_NONE ? strcmp(e->symbol, o->symbol) != 0
                                                      : then_pops >= 0 && now_pops >= 0 && then_pops != now_pops)
      report(au, RULE_DECORATION_CHANGED, o->key, loc, &o->loc, then,
             arena_printf(au->a, "'%s' was '%s' (%s) in the previous release and is '%s' (%s) now", o->key,
                          o->symbol, pops_text(au, o, then_pops), e->symbol, pops_text(au, e, now_pops)));
    if (kind_is_data(e->kind) != kind_is_data(o->kind))
      report(au, RULE_KIND_CHANGED, o->key, loc, &o->loc, then,
             arena_printf(au->a, "'%s' was %s in the previous release and is %s now", o->key,
                          kind_is_data(o->kind) ? "data" : "code", kind_is_data(e->kind) ? "data" : "code"));
    if (o->ordinal && e->ordinal && o->ordinal != e->ordinal)
      report(au, RULE_ORDINAL_MOVED, o->key, loc, &o->loc, then,
             arena_printf(au->a, "'%s' had ordinal %u in the previous release and has %u now", o->key, o->ordinal,
                          e->ordinal));
  }
}

//
// The run
//

static int loc_cmp(const SrcLoc *x, const SrcLoc *y) {
  int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return x->col < y->col ? -1 : x->col > y->col;
}

static int finding_cmp(const void *pa, const void *pb) {
  const Finding *x = pa, *y = pb;
  int c = loc_cmp(&x->loc, &y->loc);
  if (!c)
    c = (int)x->rule - (int)y->rule;
  if (!c)
    c = strcmp(x->name, y->name);
  if (!c)
    c = loc_cmp(&x->related, &y->related);
  return c;
}

void audit_run(Arena *a, const AuditInput *in, Findings *out) {
  Audit au = {a, in, out};
  uint32_t ndecls = in->decls ? in->decls->len : 0;
  Decl *decls = arena_alloc(a, (ndecls + 1) * sizeof *decls);
  for (uint32_t i = 0; i < ndecls; i++)
    decls[i] = (Decl){decl_key(a, in->decls->v[i]), in->decls->v[i]};
  if (ndecls)
    qsort(decls, ndecls, sizeof *decls, decl_cmp);
  if (in->decls)
    check_headers(&au, decls, ndecls);
  check_pairs(&au, decls, ndecls);
  check_baseline(&au, decls, ndecls);
  if (out->len)
    qsort(out->v, out->len, sizeof *out->v, finding_cmp);
}
