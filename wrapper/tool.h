// tool.h - the `ccdll` program: subcommands and their shared option helpers.
#ifndef CCDLL_TOOL_H
#define CCDLL_TOOL_H

#include "core.h"

// Each subcommand gets argv without "ccdll" (argv[0] is the subcommand name)
// and returns the exit status: 0 ok, 1 errors in the input, 2 bad usage.
int tool_def(int argc, char **argv);
int tool_implib(int argc, char **argv);
int tool_exp(int argc, char **argv);
int tool_link(int argc, char **argv);
int tool_scan(int argc, char **argv);   // tool_scan.c; plugin/clang when built with libclang
int tool_exports(int argc, char **argv);
int tool_gendef(int argc, char **argv);
int tool_audit(int argc, char **argv);

// Matches argv[*i] against "-x VALUE", "-xVALUE", "--long=VALUE" and
// "--long VALUE" (short or long may be NULL). On a match, stores the value,
// advances *i past a separate value and returns true. A missing value is a
// usage error.
bool opt_value(int argc, char **argv, int *i, const char *short_opt, const char *long_opt,
               const char **value);
// Exit status 2: the command line is malformed (unknown option, missing
// argument). Exit status 1: an option has a value that does not exist.
NORETURN void usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

// The .def a command reads, with the options all such commands share:
// -d/--input-def, -m/--machine, -D/--dllname, --dialect.
typedef struct {
  const char *path;        // the .def; "-" for standard input
  const char *dllname;     // -D: the DLL name, in place of LIBRARY
  Machine machine;         // MACH_NONE until given
  Dialect dialect;
  // Set by def_input_read:
  Diag diag;
  Arena arena;
  Module m;
  char *text;
} DefInput;

// Takes argv[*i] when it is one of the shared options.
bool def_input_option(int argc, char **argv, int *i, DefInput *in);
// Reads and parses the .def (the machine and the file must have been
// given: usage errors otherwise). When `needs_name` is not NULL (say "the
// import library"), a missing DLL name is an error that says so. Errors go
// to in->diag; returns false when there was any.
bool def_input_read(DefInput *in, const char *needs_name);
void def_input_free(DefInput *in);
NORETURN void value_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

// Writes data to path, atomically (output.c), or to standard output when
// path is NULL or "-"; false, reported, after an error.
bool write_output(Diag *d, const char *path, const Buf *data);
// What the headers declare (plugin/clang's scan_headers), for target, or
// when it is NULL the mingw-w64 triple of machine; false, reported, after
// an error, and always without libclang.
bool read_headers(Diag *d, Arena *a, const char *target, Machine machine, const char *const *headers,
                  int nheaders, const char *const *args, int nargs, ExportList *out);

#endif
