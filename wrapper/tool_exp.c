// tool_exp.c - `ccdll exp`: the export table of a DLL as a COFF object, to
// link into it (the role of GNU dlltool -e).
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll exp -m MACHINE -d NAME_e.def -o NAME.exp.o [options]\n"
  "\n"
  "Writes an object whose .edata section is the export table that the .def\n"
  "describes, with relocations against the symbols it names (Foo=Foo@4\n"
  "points Foo at _Foo@4). No time stamp, unless SOURCE_DATE_EPOCH is set.\n"
  "\n"
  "  -m, --machine=M          i386, i386:x86-64, arm or arm64\n"
  "  -d, --input-def=FILE     the .def ('-' for standard input)\n"
  "  -o, -e, --output=FILE    the object to write\n"
  "  -D, --dllname=NAME       the DLL name, in place of the LIBRARY statement\n"
  "  --dialect=mingw|msvc     the dialect of FILE.def (default mingw)\n";

int tool_exp(int argc, char **argv) {
  const char *output = NULL, *value;
  DefInput in = {.machine = MACH_NONE};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (def_input_option(argc, argv, &i, &in)) {
      continue;
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value) ||
               opt_value(argc, argv, &i, "-e", "--output-exp", &value)) {
      output = value;
    } else {
      usage_error("unknown argument '%s' (see 'ccdll exp --help')", arg);
    }
  }
  if (!output && in.machine != MACH_NONE && in.path)
    usage_error("no output given (-o NAME.exp.o)");
  def_input_read(&in, "the export table");
  Buf out = {0};
  OutputSet outputs = {0};
  int status = 1;
  stats_phase("write the export object");
  if (!in.diag.errors && edata_write(&out, &in.diag, &in.arena, &in.m, in.machine, in.dialect) &&
      output_stage(&outputs, &in.diag, output, out.data, out.len) && output_commit(&outputs, &in.diag))
    status = 0;
  output_abort(&outputs);
  buf_free(&out);
  def_input_free(&in);
  return status;
}
