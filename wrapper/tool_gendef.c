// tool_gendef.c - `ccdll gendef`: the .def of an existing DLL, to make an
// import library for it.
//
// The .def is in the import form (NAME_i.def, see defwrite.c): on i386 each
// stdcall and fastcall function has its decorated name (Foo@4, @Fast@8), so
// that a kill-at import library (ccdll implib -k, dlltool -k) gives clients
// the symbol their prototype makes (_Foo@4) and asks the loader for the name
// the DLL exports (Foo). The decoration comes from the prototypes of the
// headers given (libclang), else from the function's code: `ret N` pops N
// bytes, which makes it stdcall Foo@N; `ret` makes it cdecl. Names the DLL
// exports decorated (Foo@12, @Fast@12, Vec@@16) and C++ names stay as they
// are: mingw-w64's gendef makes Foo@12@12 of the first and Fast@4 of the
// second.
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll gendef [options] DLL [-- CLANG_ARGS]\n"
  "\n"
  "Writes a .def for DLL from its export table, to make an import library\n"
  "for it (ccdll implib -k, dlltool -k): LIBRARY with the name the table\n"
  "gives, and EXPORTS with DATA for data, @ORDINAL NONAME for exports\n"
  "without a name, and forwarders as they are. On i386, stdcall and fastcall\n"
  "functions the DLL exports undecorated get their decoration (Foo@4):\n"
  "from the headers' prototypes when --header is given, else from the\n"
  "function's code (ret N: stdcall Foo@N; ret: cdecl). A function whose code\n"
  "does not tell is written plain with '; ccdll: unsure: WHY' on its line.\n"
  "Names the DLL exports decorated (Foo@12, @Fast@12) and C++ names are kept.\n"
  "\n"
  "  -o, --output=FILE     write the .def to FILE (default: standard output)\n"
  "  --header=H            take prototypes from the header H (more than one\n"
  "                        may be given; needs libclang)\n"
  "  -I DIR                an include directory for the headers\n"
  "\n"
  "CLANG_ARGS (after --) go to libclang with the headers: -D, -include, ...\n";

typedef struct {
  Diag *d;
  Arena *a;
  Machine machine;
  const ExportList *protos;   // from the headers; NULL without
  X86Image *code;             // the image, for x86_callee_pops
  int unsure;
} Gendef;

// Is the exported name already decorated or mangled, so that it is written
// as it is? Foo@12 (a MinGW DLL linked without --kill-at), @Fast@12,
// Vec@@16, MSVC C++ (?f@@YAXH@Z) and Itanium C++ (_Z1fi) names.
static bool name_is_final(const char *name) {
  if (name[0] == '?' || !strncmp(name, "_Z", 2))
    return true;
  Undecorated u;
  undecorate(name, &u);
  return u.conv != CONV_NONE;
}

// The decorated name of the plain export e, and why it is unsure (NULL
// when it is not).
static const char *decorate_export(Gendef *g, const Export *e, const char **unsure) {
  *unsure = NULL;
  if (g->protos) {
    const Export *p = exportlist_find(g->protos, e->name);
    if (p && p->kind == EXPORT_CODE)
      return p->symbol && conv_is_decorated(g->machine, p->conv) ? p->symbol : e->name;
    if (p)
      return e->name;
  }
  CalleePops pops;
  if (!e->rva || !x86_callee_pops(g->code, e->rva, &pops)) {
    *unsure = "no code at its address";
    return e->name;
  }
  if (!pops.sure) {
    *unsure = pops.bytes >= 0 ? arena_printf(g->a, "%s (ret %d found)", pops.why, pops.bytes) : pops.why;
    return e->name;
  }
  return pops.bytes > 0 ? decorate(g->a, g->machine, CONV_STDCALL, e->name, pops.bytes) : e->name;
}

// Is e the undecorated alias of a decorated export at the same address
// (Foo beside Foo@4: --add-stdcall-alias)? The decorated one is written.
static bool is_alias(const ExportList *plain_of_decorated, const Export *e) {
  const Export *dec = exportlist_find(plain_of_decorated, e->name);
  return dec && dec->rva == e->rva;
}

static void write_def(Gendef *g, const Module *m, Buf *out) {
  // The plain names of the decorated exports.
  ExportList plain = {0};
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    Undecorated u;
    if (e->noname || e->forward || e->kind != EXPORT_CODE || !strchr(e->name, '@'))
      continue;
    undecorate(e->name, &u);
    if (u.conv == CONV_NONE)
      continue;
    Export *p = arena_alloc(g->a, sizeof *p);
    *p = *e;
    p->name = arena_strndup(g->a, u.name, u.name_len);
    exportlist_add(&plain, p);
  }

  if (m->dll_name) {
    buf_puts(out, "LIBRARY ");
    def_put_name(out, m->dll_name);
    buf_put_u8(out, '\n');
  }
  buf_puts(out, "EXPORTS\n");
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    const char *name = e->name, *unsure = NULL;
    if (e->noname) {
      // The import library needs a symbol for it: the name, when the
      // reader made one, else ordN.
      buf_puts(out, "  ");
      def_put_name(out, e->name ? e->name : arena_printf(g->a, "ord%u", e->ordinal));
      buf_printf(out, " @%u NONAME%s\n", e->ordinal, e->kind == EXPORT_DATA ? " DATA" : "");
      continue;
    }
    bool code = e->kind == EXPORT_CODE && !e->forward;
    if (g->machine == MACH_I386 && code && !name_is_final(e->name)) {
      if (is_alias(&plain, e))
        continue;
      name = decorate_export(g, e, &unsure);
    }
    buf_puts(out, "  ");
    def_put_name(out, name);
    if (e->forward) {
      buf_put_u8(out, '=');
      def_put_name(out, e->forward);
    }
    if (e->kind == EXPORT_DATA)
      buf_puts(out, " DATA");
    if (unsure) {
      buf_printf(out, " ; ccdll: unsure: %s", unsure);
      g->unsure++;
    }
    buf_put_u8(out, '\n');
  }
  exportlist_free(&plain);
}

int tool_gendef(int argc, char **argv) {
  const char *dll = NULL, *output = NULL, *value;
  const char **headers = xmalloc((size_t)argc * sizeof *headers);
  const char **args = xmalloc((size_t)(argc + 1) * sizeof *args);
  int nheaders = 0, nargs = 0;
  Arena arena = {0};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
#ifndef CCDLL_HAVE_LIBCLANG
      puts("\n(This ccdll was built without libclang: --header is not available.)");
#endif
      free(headers);
      free(args);
      arena_free(&arena);
      return 0;
    } else if (!strcmp(arg, "--")) {
      for (i++; i < argc; i++)
        args[nargs++] = argv[i];
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value)) {
      output = value;
    } else if (opt_value(argc, argv, &i, NULL, "--header", &value)) {
      headers[nheaders++] = value;
    } else if (opt_value(argc, argv, &i, "-I", NULL, &value)) {
      args[nargs++] = arena_concat(&arena, "-I", value, "");
    } else if (arg[0] == '-' && arg[1]) {
      usage_error("unknown option '%s' (see 'ccdll gendef --help')", arg);
    } else if (dll) {
      usage_error("more than one DLL ('%s' and '%s')", dll, arg);
    } else {
      dll = arg;
    }
  }
  if (!dll)
    usage_error("no DLL (see 'ccdll gendef --help')");

  Diag diag = {.prog = "ccdll"};
  Module m = {0};
  ExportList protos = {0};
  Buf buf = {0};
  char *data = NULL;
  size_t len = 0;
  const char *why = NULL;
  PeView view;
  int status = 1;
  if (!file_read(&diag, dll, &data, &len))
    goto done;
  if (!pe_view(&arena, (const uint8_t *)data, len, &view, &why)) {
    diag_error(&diag, &(SrcLoc){dll, 0, 0}, "not a PE image: %s", why ? why : "damaged");
    goto done;
  }
  stats_phase("read the DLL");
  if (!pe_exports(&diag, &arena, dll, &view, &m))
    goto done;
  stats_count("exports", m.exports.len);
  stats_phase("read the headers");
  if (nheaders && !read_headers(&diag, &arena, NULL, view.machine, headers, nheaders, args, nargs, &protos))
    goto done;
  Gendef g = {&diag, &arena, view.machine, nheaders ? &protos : NULL, x86_image(&arena, &view), 0};
  stats_phase("read the code, write the .def");
  write_def(&g, &m, &buf);
  if (g.unsure)
    diag_warning(&diag, &(SrcLoc){dll, 0, 0},
                 "%d export%s written undecorated: %s code did not tell how many bytes %s pops "
                 "(the lines with '; ccdll: unsure')",
                 g.unsure, g.unsure == 1 ? "" : "s", g.unsure == 1 ? "its" : "their",
                 g.unsure == 1 ? "it" : "each");
  if (!diag.errors && write_output(&diag, output, &buf))
    status = 0;
done:
  buf_free(&buf);
  exportlist_free(&protos);
  exportlist_free(&m.exports);
  arena_free(&arena);
  free(data);
  free(headers);
  free(args);
  return status;
}
