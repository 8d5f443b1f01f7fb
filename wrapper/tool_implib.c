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
  const char *lib = NULL, *delaylib = NULL, *value;
  DefInput in = {.machine = MACH_NONE};
  ImplibOptions opt = {0};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (def_input_option(argc, argv, &i, &in)) {
      continue;
    } else if (opt_value(argc, argv, &i, "-l", "--output-lib", &value)) {
      lib = value;
    } else if (opt_value(argc, argv, &i, "-y", "--output-delaylib", &value)) {
      delaylib = value;
    } else if (!strcmp(arg, "-k") || !strcmp(arg, "--kill-at")) {
      opt.kill_at = true;
    } else if (!strcmp(arg, "--exportas")) {
      opt.exportas = true;
    } else {
      usage_error("unknown argument '%s' (see 'ccdll implib --help')", arg);
    }
  }
  if (!lib && !delaylib && in.machine != MACH_NONE && in.path)
    usage_error("no output given (-l LIBRARY or -y DELAYLIB)");
  def_input_read(&in, "the import library");
  opt.machine = in.machine;
  opt.dialect = in.dialect;
  // An import library can hold more imports than a DLL can export; past
  // 65535 members its archive has no second linker member (see ar.c).
  exportlist_check_limit(&in.m.exports, &in.diag, DIAG_WARNING);
  // A delay-load library is made for i386 and x86_64 only: ask before
  // anything is written.
  if (delaylib && opt.machine != MACH_I386 && opt.machine != MACH_AMD64)
    diag_error(&in.diag, NULL, "delay-load libraries are made for i386 and x86_64; on %s, link the "
               "import library with lld's --delayload=DLL", machine_name(opt.machine));

  OutputSet outputs = {0};
  Job job = {&in.diag, &in.arena, &in.m, &opt};
  int status = 1;
  stats_phase("write the libraries");
  if (lib && !in.diag.errors)
    output_stage_stream(&outputs, &in.diag, lib, write_implib, &job);
  if (delaylib && !in.diag.errors)
    output_stage_stream(&outputs, &in.diag, delaylib, write_delaylib, &job);
  if (!in.diag.errors && output_commit(&outputs, &in.diag))
    status = 0;
  output_abort(&outputs);
  def_input_free(&in);
  return status;
}
