// driver.c - `cc-dll`: gcc's command line, gcc's behaviour, and for a DLL
// also NAME_i.def, NAME_e.def and the import library, all from one model.
//
// Compiling (-c, -S, -E, or the sources of a link) runs the real compiler,
// with our GCC plugin when there is one for it, so that every object
// carries the records of its exports. Linking anything but a DLL runs the
// compiler as it was asked. Linking a DLL:
//
//   1. compiles the sources into temporary objects;
//   2. reads the exports the objects (and the static library members the
//      link takes in, and .def files) declare, and checks DllMain;
//   3. writes NAME_i.def, NAME_e.def and the import library with our
//      emitters, and links the DLL with our export table (dlllink.c);
//   4. puts every output in place only when all of them were made.
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
  "usage: cc-dll [gcc options] FILES...\n"
  "\n"
  "cc-dll is gcc (or clang): it takes gcc's command line and does what gcc does.\n"
  "When it links a DLL (-shared, or -o NAME.dll), it also writes NAME_i.def,\n"
  "NAME_e.def and the import library libNAME.dll.a from the exports the\n"
  "sources declare (__declspec(dllexport)) or a .def names, with stdcall and\n"
  "fastcall functions exported undecorated (Foo for Foo@4) and imported\n"
  "through their decorated symbol (callers link _Foo@4 and get Foo).\n"
  "\n"
  "cc-dll's own options:\n"
  "  --ccdll-cc=COMPILER       the real compiler (default: $CCDLL_CC, else from the\n"
  "                            name cc-dll is called under: i686-w64-mingw32-cc-dll\n"
  "                            runs i686-w64-mingw32-gcc, c++-dll g++; else gcc)\n"
  "  --ccdll-exports=POLICY    how stdcall and fastcall functions are exported:\n"
  "                            undecorated (default; -Wl,--kill-at), decorated, or\n"
  "                            both (-Wl,--add-stdcall-alias; works with lld too)\n"
  "  --ccdll-implib=FILE       the import library (default: libNAME.dll.a beside\n"
  "                            the DLL; also -Wl,--out-implib=FILE)\n"
  "  --ccdll-no-implib         write no import library\n"
  "  --ccdll-stats             the time of each phase and what it counted, on\n"
  "                            standard error\n"
  "  --ccdll-lld-def           write NAME_e.def as lld wants it (plain Foo)\n"
  "  --ccdll-exp=FILE          keep the export object the DLL was linked with\n"
  "  --ccdll-no-runtime        do not link the runtime (libccdll_rt.a: the DllMain\n"
  "                            that calls ccdll.h's CCDLL_ON_* hooks), which is\n"
  "                            linked when the objects define no DllMain\n"
  "  --dry-run                 print the commands, run none\n"
  "  --ccdll-compiler-check     print what the output depends on besides the command\n"
  "                            line: cc-dll's version, the real compiler and the\n"
  "                            plugin (size and time); for ccache:\n"
  "                            CCACHE_COMPILERCHECK='%compiler% --ccdll-compiler-check'\n"
  "  -v                        print every command (and pass -v on)\n"
  "  --ccdll-help, --ccdll-version\n"
  "\n"
  "Environment: CCDLL_CC (the compiler), CCDLL_PLUGIN_DIR (where the GCC plugins\n"
  "are), CCDLL_RUNTIME_DIR (where the runtime is: DIR/TRIPLE/libccdll_rt.a).\n"
  "With gcc, the cc-dll GCC plugin records each object's exports inside it,\n"
  "so ccache and distcc keep them; with clang, or without a plugin for the\n"
  "compiler, the objects' own export directives say the same.\n";

void usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("cc-dll: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

typedef struct {
  Diag *diag;
  Arena *arena;
  const Invocation *inv;
  const Compiler *cc;
} Driver;

// The compiler's command: the program, then our plugin when it compiles.
static char **command_start(Driver *dr, bool compiles, int extra, int *n) {
  char **argv = arena_alloc(dr->arena, sizeof(char *) * (size_t)(dr->inv->argc + extra + 4));
  *n = 0;
  argv[(*n)++] = (char *)dr->cc->program;
  if (compiles && dr->cc->plugin)
    argv[(*n)++] = arena_concat(dr->arena, "-fplugin=", dr->cc->plugin, "");
  return argv;
}

static bool run(Driver *dr, char **argv) {
  if (dr->inv->dry_run) {
    print_command(argv);
    return true;
  }
  return run_command(dr->diag, argv, dr->inv->verbose);
}

static const char *stem(Arena *a, const char *path);

// The object `gcc -c` writes for the source of argument i: -o's, or the
// source's name with .o in the current directory.
static const char *object_of(Driver *dr, int i) {
  int nsources = 0;
  for (int k = 0; k < dr->inv->argc; k++)
    nsources += dr->inv->role[k] == ARG_SOURCE;
  if (dr->inv->output && nsources == 1)
    return dr->inv->output;
  return arena_concat(dr->arena, stem(dr->arena, dr->inv->argv[i]), ".o", "");
}

static bool has_argument(const Invocation *inv, const char *arg) {
  for (int i = 0; i < inv->argc; i++)
    if (!strcmp(inv->argv[i], arg))
      return true;
  return false;
}

// Anything but a DLL: the compiler as asked (with the plugin when it
// compiles); what clang compiles gets the scanner's records.
static int pass_through(Driver *dr) {
  const Invocation *inv = dr->inv;
  int n;
  char **argv = command_start(dr, inv->mode != MODE_PREPROCESS, 0, &n);
  for (int i = 0; i < inv->argc; i++)
    argv[n++] = inv->argv[i];
  argv[n] = NULL;
  stats_phase("compile");
  if (!run(dr, argv))
    return 1;
  stats_phase("scan");
  if (dr->cc->kind == COMPILER_CLANG && inv->mode == MODE_COMPILE && !inv->dry_run &&
      !has_argument(inv, "-fsyntax-only"))
    for (int i = 0; i < inv->argc; i++)
      if (inv->role[i] == ARG_SOURCE)
        attach_scanner_records(dr->diag, dr->arena, inv, dr->cc, inv->argv[i], inv->language[i], object_of(dr, i));
  return 0;
}

// The file name without its directory and extension: "out/bar.dll" -> "bar".
static const char *stem(Arena *a, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  return arena_strndup(a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

static const char *directory(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? arena_strndup(a, path, (size_t)(slash - path + 1)) : "";
}

// Compiles each source of the command line into a temporary object; fills
// objects[] (the temporary objects and the given ones, in command-line
// order) and names[] (for messages: the source of a temporary object).
static bool compile_sources(Driver *dr, const char *tmp, const char **objects, const char **names, int *nobjects,
                            const char **replaced) {
  const Invocation *inv = dr->inv;
  *nobjects = 0;
  for (int i = 0; i < inv->argc; i++) {
    replaced[i] = NULL;
    if (inv->role[i] == ARG_OBJECT) {
      objects[*nobjects] = names[*nobjects] = inv->argv[i];
      ++*nobjects;
    }
    if (inv->role[i] != ARG_SOURCE)
      continue;
    const char *object = arena_printf(dr->arena, "%s/%d-%s.o", tmp, i, stem(dr->arena, inv->argv[i]));
    int n;
    char **argv = command_start(dr, true, 6, &n);
    for (int k = 0; k < inv->argc; k++)
      if (inv->role[k] == ARG_COMPILE)
        argv[n++] = inv->argv[k];
    if (inv->language[i]) {
      argv[n++] = "-x";
      argv[n++] = (char *)inv->language[i];
    }
    argv[n++] = inv->argv[i];
    argv[n++] = "-c";
    argv[n++] = "-o";
    argv[n++] = (char *)object;
    argv[n] = NULL;
    if (!run(dr, argv))
      return false;
    if (dr->cc->kind == COMPILER_CLANG && !inv->dry_run)
      attach_scanner_records(dr->diag, dr->arena, inv, dr->cc, inv->argv[i], inv->language[i], object);
    replaced[i] = object;
    objects[*nobjects] = object;
    names[(*nobjects)++] = inv->argv[i];
  }
  return true;
}

// The link command: the command line with the sources replaced by their
// objects, no -x and no .def (the export table is ours), and the runtime
// library when there is one.
static char **link_command(Driver *dr, const char **replaced, const char *dll, const char *runtime, Linker *linker) {
  const Invocation *inv = dr->inv;
  char **argv = arena_alloc(dr->arena, sizeof(char *) * (size_t)(inv->argc + 8));
  int n = 0;
  argv[n++] = (char *)dr->cc->program;
  // The same inputs give the same DLL: no time stamp (a later
  // -Wl,--insert-timestamp of the user's wins).
  argv[n++] = "-Wl,--no-insert-timestamp";
  *linker = LINKER_GNU;
  for (int i = 0; i < inv->argc; i++) {
    switch (inv->role[i]) {
    case ARG_SOURCE:
      argv[n++] = (char *)replaced[i];
      break;
    case ARG_LANGUAGE:
    case ARG_DEF:
    case ARG_OUTPUT:
      break;
    default:
      if (!strcmp(inv->argv[i], "-fuse-ld=lld"))
        *linker = LINKER_LLD;
      argv[n++] = inv->argv[i];
    }
  }
  // After all of the user's inputs, so that a DllMain in one of the user's
  // libraries is taken first; before the C runtime's libraries that gcc
  // adds, whose default DllMain (libmingw32.a) ours replaces. An archive:
  // nothing of it is linked that nothing asks for. ccdll_once imports from
  // kernel32, which gcc adds after it unless told not to.
  if (runtime)
    argv[n++] = (char *)runtime;
  if (runtime && (has_argument(inv, "-nostdlib") || has_argument(inv, "-nodefaultlibs")))
    argv[n++] = "-lkernel32";
  argv[n++] = "-o";
  argv[n++] = (char *)dll;
  argv[n] = NULL;
  return argv;
}

// Stages a file written from buf.
static bool stage_buf(Driver *dr, OutputSet *set, const char *path, Buf *buf) {
  bool ok = output_stage(set, dr->diag, path, buf->data, buf->len);
  buf->len = 0;
  return ok;
}

// The module's .def pair, import library and export .def (-Wl,--output-def).
static bool stage_descriptions(Driver *dr, OutputSet *set, const Module *m, const char *dll) {
  const Invocation *inv = dr->inv;
  Arena *a = dr->arena;
  Machine machine = dr->cc->target.machine;
  const char *prefix = arena_concat(a, directory(a, dll), stem(a, dll), "");
  DefForm form = inv->policy != EXPORTS_UNDECORATED ? DEF_AS_IS : inv->lld_def ? DEF_EXPORT_LLD : DEF_EXPORT;
  Buf buf = {0};
  bool ok = true;
  if (inv->output_def) {
    def_write(&buf, m, DIALECT_MINGW, machine, form);
    ok = stage_buf(dr, set, inv->output_def, &buf);
  }
  // The .def pair and the import library go with a DLL named *.dll, or
  // one whose import library is asked for: a configure check's `-shared -o
  // conftest.so` leaves nothing behind.
  const char *dot = strrchr(dll, '.');
  if (!(dot && !strcasecmp(dot, ".dll")) && !inv->implib) {
    buf_free(&buf);
    return ok;
  }

  // NAME_i.def: what the import library is made of (no PRIVATE aliases).
  Module imports = *m;
  imports.exports = (ExportList){0};
  for (uint32_t i = 0; i < m->exports.len; i++)
    if (!m->exports.v[i]->is_private)
      exportlist_add(&imports.exports, m->exports.v[i]);
  def_write(&buf, &imports, DIALECT_MINGW, machine, DEF_IMPORT);
  exportlist_free(&imports.exports);
  ok = ok && stage_buf(dr, set, arena_concat(a, prefix, "_i.def", ""), &buf);

  // NAME_e.def: the DLL's table. With the default policy it is the
  // Foo=Foo@4 form; otherwise the table as it is.
  def_write(&buf, m, DIALECT_MINGW, machine, form);
  ok = ok && stage_buf(dr, set, arena_concat(a, prefix, "_e.def", ""), &buf);

  if (!inv->no_implib) {
    // libbar.dll.a for bar.dll; for libbz2.dll libbz2.dll.a (libtool's
    // name), so that -lbz2 finds it.
    const char *name = stem(a, dll);
    const char *implib = inv->implib ? inv->implib
                                     : arena_concat(a, directory(a, dll),
                                                    strncmp(name, "lib", 3) || !name[3] ? "lib" : "",
                                                    arena_concat(a, name, ".dll.a", ""));
    ImplibOptions opt = {machine, DIALECT_MINGW, inv->policy != EXPORTS_DECORATED, false};
    implib_write(&buf, a, m, &opt);
    ok = ok && stage_buf(dr, set, implib, &buf);
  }
  buf_free(&buf);
  return ok;
}

static int build_dll(Driver *dr) {
  const Invocation *inv = dr->inv;
  Arena *a = dr->arena;
  const char *tmp = temp_dir(dr->diag);
  if (!tmp)
    return 1;
  const char **objects = arena_alloc(a, sizeof(char *) * (size_t)(inv->argc + 1));
  const char **names = arena_alloc(a, sizeof(char *) * (size_t)(inv->argc + 1));
  const char **replaced = arena_alloc(a, sizeof(char *) * (size_t)(inv->argc + 1));
  int nobjects;
  stats_phase("compile");
  if (!compile_sources(dr, tmp, objects, names, &nobjects, replaced))
    return 1;

  const char *dll = inv->output ? inv->output : "a.exe";   // gcc's default, also with -shared
  OutputSet set = {0};
  Linker linker = LINKER_GNU;
  Machine machine = dr->cc->target.machine;
  const char *runtime = inv->no_runtime ? NULL : runtime_find(a, machine);
  if (inv->dry_run) {
    fprintf(stderr, "# cc-dll: the exports of the objects and .def files; %s_i.def, %s_e.def and the import "
                    "library; the export object added to (the runtime unless the objects define DllMain):\n",
            stem(a, dll), stem(a, dll));
    print_command(link_command(dr, replaced, dll, runtime, &linker));
    return 0;
  }

  Module m = {0};
  stats_phase("exports");
  DllMainScan found;
  bool ok = check_dllmain(dr->diag, a, machine, objects, names, nobjects, &found);
  // The runtime's DllMain calls the hooks; a DLL with its own gets none.
  if (found.dllmain)
    runtime = NULL;
  if (ok && found.hooks && found.dllmain)
    diag_warning(dr->diag, NULL, "the objects register CCDLL_ON_* hooks but define their own DllMain, which does "
                                 "not call them");
  else if (ok && found.hooks && !runtime && !inv->no_runtime)
    diag_warning(dr->diag, NULL, "the objects register CCDLL_ON_* hooks, but there is no cc-dll runtime library "
                                 "for %s: nothing calls them", machine_name(machine));
  char **argv = link_command(dr, replaced, dll, runtime, &linker);
  ok = ok && dll_exports(dr->diag, a, inv, machine, objects, names, nobjects, &m);
  if (ok && !m.dll_name) {
    const char *base = strrchr(dll, '/');
    m.dll_name = base ? base + 1 : dll;
  }
  ok = ok && stage_descriptions(dr, &set, &m, dll) && output_in_place(&set, dr->diag, dll);
  DllLink link = {argv, 0, linker, &m, machine, DIALECT_MINGW, inv->verbose};
  while (argv[link.argc])
    link.argc++;
  stats_count("exports", m.exports.len);
  stats_phase("link");
  if (ok) {
    ok = dll_link(dr->diag, a, &link);
    output_in_place_done(dll, ok);
  }
  if (ok && inv->exp) {
    char *data;
    size_t len;
    ok = file_read(dr->diag, arena_concat(a, tmp, "/exports.o", ""), &data, &len) &&
         output_stage(&set, dr->diag, inv->exp, data, len);
    free(data);
  }
  exportlist_free(&m.exports);
  if (!ok) {
    output_abort(&set);
    return 1;
  }
  stats_phase("write the outputs");
  return output_commit(&set, dr->diag) ? 0 : 1;
}

// "WHAT PATH SIZE MTIME" of a file, or of a program found in $PATH.
static void print_identity(Arena *a, const char *what, const char *path) {
  const char *found = find_program(a, path);
  struct stat st;
  if (stat(found, &st) == 0)
    printf("%s %s %lld %lld.%09ld\n", what, found, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
           st.st_mtim.tv_nsec);
  else
    printf("%s %s (not found)\n", what, found);
}

// What an object depends on besides the command line and the sources, for
// ccache's compiler check: ccache knows only cc-dll itself.
static int compiler_check(const Compiler *cc, Arena *a) {
  puts("cc-dll " CCDLL_VERSION);
  print_identity(a, "compiler", cc->program);
  if (cc->plugin)
    print_identity(a, "plugin", cc->plugin);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--ccdll-help")) {
    fputs(help, stdout);
    return 0;
  }
  if (argc == 2 && !strcmp(argv[1], "--ccdll-version")) {
    puts("cc-dll " CCDLL_VERSION);
    return 0;
  }
  Diag diag = {.prog = "cc-dll"};
  Arena arena = {0};
  Invocation inv;
  invocation_parse(&diag, &arena, argc, argv, &inv);
  if (inv.stats)
    stats_enable();
  Compiler cc;
  int status = 1;
  if (compiler_find(&diag, &arena, &inv, argv[0], &cc)) {
    if (inv.verbose && cc.kind == COMPILER_GCC && !cc.plugin)
      fprintf(stderr, "cc-dll: no plugin for %s: exports are read from the objects' export directives\n",
              cc.program);
    Driver dr = {&diag, &arena, &inv, &cc};
    status = inv.compiler_check           ? compiler_check(&cc, &arena)
             : invocation_links_dll(&inv) ? build_dll(&dr)
                                          : pass_through(&dr);
  }
  stats_print("cc-dll");
  arena_free(&arena);
  return status;
}
