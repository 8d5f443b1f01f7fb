// tool_scan.c - `ccdll scan`: the export records of C and C++ sources and
// headers, read with libclang (plugin/clang), and of objects and archives
// (objexports.c), as JSON Lines (record.c) or as the NAME_i.def /
// NAME_e.def pair.
#define _XOPEN_SOURCE 700   // realpath, strdup
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll scan [options] FILES... [-- CLANG_ARGS]\n"
  "\n"
  "Parses each FILE (C or C++, source or header) with libclang, function\n"
  "bodies skipped, and writes one JSON record per exported declaration\n"
  "(__declspec(dllexport), __attribute__((dllexport)), members of a\n"
  "dllexport class): name, symbol (Foo@4, @Fast@8, a C++ mangled name),\n"
  "conv, arg_bytes, kind, file, line, col, prototype.\n"
  "\n"
  "A FILE named *.o, *.obj, *.a or *.lib is an object or an archive of\n"
  "objects: its records are those the cc-dll GCC plugin put into it, and\n"
  "its export directives (-export:Foo@4, /EXPORT:_Foo@4,DATA) with the\n"
  "decorated symbols they name. Objects need no libclang.\n"
  "\n"
  "  --target=TRIPLE       the target (i686-w64-mingw32, x86_64-w64-mingw32,\n"
  "                        i686-pc-windows-msvc...); default: the --target or\n"
  "                        -target of the clang arguments or of the compile\n"
  "                        command, or its compiler's name (i686-w64-mingw32-gcc),\n"
  "                        else x86_64-w64-mingw32\n"
  "  -p BUILD_DIR          take each FILE's flags from BUILD_DIR/compile_commands.json\n"
  "                        (a FILE without an entry is an error)\n"
  "  --all-prototypes      also every function and variable declared in a FILE or\n"
  "                        in a header under a FILE's directory, exported or not\n"
  "                        (those with \"exported\":false); inline definitions\n"
  "                        are left out\n"
  "  --scope=DIR           with --all-prototypes: the headers under DIR count\n"
  "                        instead (repeatable)\n"
  "  -o, --output=FILE     write the records to FILE (default: standard output)\n"
  "  --pair=PREFIX         write PREFIX_i.def (decorated names, for a kill-at\n"
  "                        import library) and PREFIX_e.def (Foo=Foo@4) instead\n"
  "  --lld                 write PREFIX_e.def as lld wants it (plain Foo)\n"
  "  -D, --dllname=NAME    the DLL of the pair (default: PREFIX's file name + .dll)\n"
  "  --no-cache            parse every FILE even when nothing changed\n"
  "  -v, --verbose         print the resource directory and each libclang command\n"
  "\n"
  "CLANG_ARGS (after --) go to libclang for every FILE: -I, -D, -x c++, -std=...\n"
  "Messages are in GCC's form; a FILE that does not compile is an error (exit 1).\n"
  "Records of unchanged translation units are kept in $XDG_CACHE_HOME/ccdll\n"
  "(~/.cache/ccdll); CCDLL_CLANG_RESOURCE_DIR names clang's resource directory\n"
  "when ccdll does not find it.\n";

#ifdef CCDLL_HAVE_LIBCLANG
#include "scan.h"
#endif

#include <limits.h>
#include <unistd.h>

static const char *absolute(Arena *a, const char *path) {
  char cwd[PATH_MAX];
  if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
    return path;
  return arena_concat(a, cwd, "/", path);
}

static bool write_records(Diag *d, const ExportList *records, const char *output) {
  Buf buf = {0};
  for (uint32_t i = 0; i < records->len; i++)
    record_write(&buf, records->v[i]);
  bool ok = write_output(d, output, &buf);
  buf_free(&buf);
  return ok;
}

// The exported records as a Module, written as PREFIX_i.def and PREFIX_e.def.
static bool write_pair(Diag *d, Arena *a, const ExportList *records, Machine machine, const char *prefix,
                       const char *dllname, bool lld) {
  Module m = {0};
  if (dllname) {
    m.dll_name = dllname;
  } else {
    const char *base = strrchr(prefix, '/');
    m.dll_name = arena_concat(a, base ? base + 1 : prefix, ".dll", "");
  }
  for (uint32_t i = 0; i < records->len; i++)
    if (!records->v[i]->declaration_only)
      exportlist_add(&m.exports, records->v[i]);
  bool ok = exportlist_check_limit(&m.exports, d, DIAG_ERROR);
  OutputSet set = {0};
  Buf buf = {0};
  def_write(&buf, &m, DIALECT_MINGW, machine, DEF_IMPORT);
  ok = ok && output_stage(&set, d, arena_printf(a, "%s_i.def", prefix), buf.data, buf.len);
  buf.len = 0;
  def_write(&buf, &m, DIALECT_MINGW, machine, lld ? DEF_EXPORT_LLD : DEF_EXPORT);
  ok = ok && output_stage(&set, d, arena_printf(a, "%s_e.def", prefix), buf.data, buf.len);
  buf_free(&buf);
  exportlist_free(&m.exports);
  if (!ok) {
    output_abort(&set);
    return false;
  }
  return output_commit(&set, d);
}

// Is path an object or an archive (by its name)?
static bool is_object_file(const char *path) {
  const char *dot = strrchr(path, '.');
  return dot && (!strcmp(dot, ".o") || !strcmp(dot, ".obj") || !strcmp(dot, ".a") || !strcmp(dot, ".lib"));
}

static void scan_object(Diag *d, Arena *a, const char *path, Machine *machine, ExportList *records) {
  char *data = NULL;
  size_t len;
  if (file_read(d, path, &data, &len))
    object_exports(d, a, path, (const uint8_t *)data, len, machine, records);
  // The records point into the arena, not into data.
  free(data);
}

// What the command line says about the sources.
typedef struct {
  const char *target_opt;  // --target
  Target target;           // its value
  const char *build_dir;   // -p
  const char *const *clang_args;
  int nclang;
  bool pair;               // one .def pair: every file of one machine
  bool all_prototypes, verbose, no_cache;
  const char **scope_dirs; // --scope, real paths
  int nscope_dirs;
} SourceArgs;

#ifdef CCDLL_HAVE_LIBCLANG

// Scans the sources of files (the objects among them are skipped) into
// records; *machine is that of the files so far.
static void scan_sources(Diag *d, Arena *a, const SourceArgs *sa, const char **files, int nfiles,
                         Machine *machine, ExportList *records) {
  ScanOptions opt = {.all_prototypes = sa->all_prototypes, .verbose = sa->verbose,
                     .scope_dirs = sa->scope_dirs, .nscope_dirs = sa->nscope_dirs,
                     .cache_dir = sa->no_cache ? NULL : scan_cache_dir(a)};
  CompDb *db = sa->build_dir && libclang_load(d) ? compdb_open(d, sa->build_dir) : NULL;
  Scanner *s = db || !sa->build_dir ? scanner_new(d, a, &opt, records) : NULL;
  for (int f = 0; s && f < nfiles; f++) {
    // The flags: those of the compile command, then CLANG_ARGS.
    const char *path = files[f];
    if (is_object_file(path))
      continue;
    const char **args = arena_alloc(a, (size_t)(sa->nclang + 2) * sizeof *args);
    int nargs = 0;
    const char *compiler_triple = NULL;
    if (db) {
      CompileFlags flags;
      if (!compdb_flags(db, a, path, &flags)) {
        diag_error(d, NULL, "%s: no entry in %s/compile_commands.json", path, sa->build_dir);
        continue;
      }
      args = arena_alloc(a, (size_t)(flags.nargs + sa->nclang + 2) * sizeof *args);
      args[nargs++] = "-working-directory";
      args[nargs++] = flags.directory;
      memcpy(args + nargs, flags.args, (size_t)flags.nargs * sizeof *args);
      nargs += flags.nargs;
      compiler_triple = flags.compiler_triple;
      path = absolute(a, path);
    }
    if (sa->nclang)
      memcpy(args + nargs, sa->clang_args, (size_t)sa->nclang * sizeof *args);
    nargs += sa->nclang;

    const char *triple = sa->target_opt;
    if (!triple)
      triple = scan_args_triple(args, nargs);
    if (!triple)
      triple = compiler_triple;
    if (!triple)
      triple = "x86_64-w64-mingw32";
    Target t = sa->target;
    if (triple != sa->target_opt && !target_parse_triple(triple, &t)) {
      diag_error(d, NULL, "%s: unknown target '%s' (a Windows triple such as i686-w64-mingw32)", path, triple);
      continue;
    }
    if (*machine != MACH_NONE && t.machine != *machine && sa->pair)
      diag_error(d, NULL, "%s: its target is %s, and an earlier file's %s: one .def pair cannot hold both",
                 path, machine_name(t.machine), machine_name(*machine));
    if (*machine == MACH_NONE)
      *machine = t.machine;
    scanner_file(s, path, t, triple, args, nargs);
  }
  if (!s && !d->errors)
    diag_error(d, NULL, "the sources could not be scanned");
  scanner_free(s);
  compdb_close(db);
}

#else

static void scan_sources(Diag *d, Arena *a, const SourceArgs *sa, const char **files, int nfiles,
                         Machine *machine, ExportList *records) {
  (void)a, (void)sa, (void)machine, (void)records;
  for (int f = 0; f < nfiles; f++)
    if (!is_object_file(files[f]))
      diag_error(d, NULL, "%s: scanning sources is not available: this ccdll was built without libclang", files[f]);
}

#endif

int tool_scan(int argc, char **argv) {
  const char *output = NULL, *pair = NULL, *dllname = NULL, *value;
  bool lld = false;
  SourceArgs sa = {0};
  const char **files = xmalloc((size_t)argc * sizeof *files);
  int nfiles = 0;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
#ifndef CCDLL_HAVE_LIBCLANG
      puts("\n(This ccdll was built without libclang: it scans objects only.)");
#endif
      free(files);
      return 0;
    } else if (!strcmp(arg, "--")) {
      sa.clang_args = (const char *const *)argv + i + 1;
      sa.nclang = argc - i - 1;
      break;
    } else if (opt_value(argc, argv, &i, NULL, "--target", &value)) {
      sa.target_opt = value;
    } else if (opt_value(argc, argv, &i, "-p", NULL, &value)) {
      sa.build_dir = value;
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value)) {
      output = value;
    } else if (opt_value(argc, argv, &i, NULL, "--pair", &value)) {
      pair = value;
    } else if (opt_value(argc, argv, &i, "-D", "--dllname", &value)) {
      dllname = value;
    } else if (!strcmp(arg, "--lld")) {
      lld = true;
    } else if (!strcmp(arg, "--all-prototypes")) {
      sa.all_prototypes = true;
    } else if (opt_value(argc, argv, &i, NULL, "--scope", &value)) {
      char real[PATH_MAX];
      if (!realpath(value, real))
        value_error("--scope: %s: no such directory", value);
      sa.scope_dirs = xrealloc(sa.scope_dirs, (size_t)(sa.nscope_dirs + 1) * sizeof *sa.scope_dirs);
      sa.scope_dirs[sa.nscope_dirs++] = strdup(real);
    } else if (!strcmp(arg, "--no-cache")) {
      sa.no_cache = true;
    } else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
      sa.verbose = true;
    } else if (arg[0] == '-' && arg[1]) {
      usage_error("unknown option '%s' (see 'ccdll scan --help'; clang's options go after '--')", arg);
    } else {
      files[nfiles++] = arg;
    }
  }
  if (!nfiles)
    usage_error("no input files (see 'ccdll scan --help')");
  if (pair && output)
    usage_error("'--pair' writes .def files: it does not go with '-o'");
  if ((lld || dllname) && !pair)
    usage_error("'%s' is an option of '--pair'", lld ? "--lld" : "-D");
  if (sa.target_opt && !target_parse_triple(sa.target_opt, &sa.target))
    value_error("unknown target '%s' (a Windows triple such as i686-w64-mingw32)", sa.target_opt);
  sa.pair = pair != NULL;

  Diag diag = {.prog = "ccdll"};
  Arena arena = {0};
  // libclang changes directory for a unit with -working-directory (-p):
  // the outputs are named from where ccdll was started.
  if (output && strcmp(output, "-"))
    output = absolute(&arena, output);
  if (pair)
    pair = absolute(&arena, pair);
  ExportList records = {0};
  Machine machine = MACH_NONE;
  bool sources = false;
  stats_phase("scan");
  for (int f = 0; f < nfiles; f++) {
    if (is_object_file(files[f]))
      scan_object(&diag, &arena, files[f], &machine, &records);
    else
      sources = true;
  }
  if (sources)
    scan_sources(&diag, &arena, &sa, files, nfiles, &machine, &records);
  stats_count("records", records.len);
  stats_phase("write");
  int status = 1;
  if (!diag.errors) {
    if (pair)
      status = write_pair(&diag, &arena, &records, machine, pair, dllname, lld) ? 0 : 1;
    else
      status = write_records(&diag, &records, output) ? 0 : 1;
  }
  exportlist_free(&records);
  arena_free(&arena);
  for (int i = 0; i < sa.nscope_dirs; i++)
    free((char *)sa.scope_dirs[i]);
  free(sa.scope_dirs);
  free(files);
  return status;
}
