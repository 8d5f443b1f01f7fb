// tool_implib.c - `ccdll implib`: an import library from a .def, with
// GNU dlltool's option spellings.
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll implib -m MACHINE -d FILE.def {-l LIBRARY | -y DELAYLIB} [options]\n"
  "\n"
  "Writes the import library for the DLL that FILE.def describes.\n"
  "\n"
  "  -m, --machine=M          i386, i386:x86-64, arm or arm64\n"
  "  -d, --input-def=FILE     the .def ('-' for standard input)\n"
  "  -l, --output-lib=FILE    the import library to write\n"
  "  -y, --output-delaylib=FILE\n"
  "                           a delay-load import library to write (i386 and\n"
  "                           x86_64; link it with -ldelayimp)\n"
  "  -D, --dllname=NAME       the DLL name, in place of the LIBRARY statement\n"
  "  -k, --kill-at            the DLL exports stdcall and fastcall functions\n"
  "                           without their @nn: clients still link _Foo@4, and\n"
  "                           the loader looks up Foo\n"
  "  --dialect=mingw|msvc     the dialect of FILE.def (default mingw)\n"
  "  --exportas               use the EXPORTAS name type where no other gives\n"
  "                           the '==' name (link.exe, lld 18 or later)\n";

typedef struct {
  Diag *diag;
  Arena *arena;
  const Module *m;
  const ImplibOptions *opt;
} Job;

static void write_implib(Buf *out, void *ctx) {
  Job *job = ctx;
  implib_write(out, job->arena, job->m, job->opt);
}

static void write_delaylib(Buf *out, void *ctx) {
  Job *job = ctx;
  delaylib_write(out, job->diag, job->arena, job->m, job->opt);
}

int tool_implib(int argc, char **argv) {
  const char *def = NULL, *lib = NULL, *delaylib = NULL, *dllname = NULL, *value;
  ImplibOptions opt = {.machine = MACH_NONE, .dialect = DIALECT_MINGW};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (opt_value(argc, argv, &i, "-m", "--machine", &value)) {
      if (!machine_parse(value, &opt.machine))
        value_error("unknown machine '%s' (i386, i386:x86-64, arm or arm64)", value);
    } else if (opt_value(argc, argv, &i, "-d", "--input-def", &value)) {
      def = value;
    } else if (opt_value(argc, argv, &i, "-l", "--output-lib", &value)) {
      lib = value;
    } else if (opt_value(argc, argv, &i, "-y", "--output-delaylib", &value)) {
      delaylib = value;
    } else if (opt_value(argc, argv, &i, "-D", "--dllname", &value)) {
      dllname = value;
    } else if (!strcmp(arg, "-k") || !strcmp(arg, "--kill-at")) {
      opt.kill_at = true;
    } else if (opt_value(argc, argv, &i, NULL, "--dialect", &value)) {
      if (!dialect_parse(value, &opt.dialect))
        value_error("unknown dialect '%s' (mingw or msvc)", value);
    } else if (!strcmp(arg, "--exportas")) {
      opt.exportas = true;
    } else {
      usage_error("unknown argument '%s' (see 'ccdll implib --help')", arg);
    }
  }
  if (opt.machine == MACH_NONE)
    usage_error("no machine given: -m i386, i386:x86-64, arm or arm64");
  if (!def)
    usage_error("no .def given (-d FILE.def)");
  if (!lib && !delaylib)
    usage_error("no output given (-l LIBRARY or -y DELAYLIB)");

  Diag diag = {.prog = "ccdll"};
  Arena arena = {0};
  Module m = {0};
  char *text;
  size_t len;
  if (!file_read(&diag, def, &text, &len))
    return 1;
  const char *shown = strcmp(def, "-") ? def : "<stdin>";
  def_parse(&diag, &arena, shown, text, len, opt.dialect, opt.machine, &m);
  // An import library can hold more imports than a DLL can export; past
  // 65535 members its archive has no second linker member (see ar.c).
  exportlist_check_limit(&m.exports, &diag, DIAG_WARNING);
  if (dllname)
    m.dll_name = dllname;
  if (!m.dll_name && !diag.errors)
    diag_error(&diag, &(SrcLoc){shown, 1, 1},
               "no LIBRARY statement: the import library needs the DLL name "
               "(add 'LIBRARY name.dll' or pass -D name.dll)");

  // A delay-load library is made for i386 and x86_64 only: ask before
  // anything is written.
  if (delaylib && opt.machine != MACH_I386 && opt.machine != MACH_AMD64)
    diag_error(&diag, NULL, "delay-load libraries are made for i386 and x86_64; on %s, link the "
               "import library with lld's --delayload=DLL", machine_name(opt.machine));
  OutputSet outputs = {0};
  Job job = {&diag, &arena, &m, &opt};
  int status = 1;
  if (lib && !diag.errors)
    output_stage_stream(&outputs, &diag, lib, write_implib, &job);
  if (delaylib && !diag.errors)
    output_stage_stream(&outputs, &diag, delaylib, write_delaylib, &job);
  if (!diag.errors && output_commit(&outputs, &diag))
    status = 0;
  output_abort(&outputs);
  exportlist_free(&m.exports);
  arena_free(&arena);
  free(text);
  return status;
}
