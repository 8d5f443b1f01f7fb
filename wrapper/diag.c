// diag.c - messages in GCC's form: "file:line:col: error: text".
#include "core.h"

#include <stdio.h>

static const char *level_name[] = {"note", "warning", "error"};

static void print_to_stderr(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  if (loc && loc->file) {
    if (loc->line && loc->col)
      fprintf(stderr, "%s:%d:%d: ", loc->file, loc->line, loc->col);
    else if (loc->line)
      fprintf(stderr, "%s:%d: ", loc->file, loc->line);
    else
      fprintf(stderr, "%s: ", loc->file);
  } else {
    fprintf(stderr, "%s: ", d->prog ? d->prog : "ccdll");
  }
  fprintf(stderr, "%s: %s\n", level_name[level], msg);
}

void diag_report(Diag *d, DiagLevel level, const SrcLoc *loc, const char *fmt, va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (level == DIAG_ERROR)
    d->errors++;
  else if (level == DIAG_WARNING)
    d->warnings++;
  (d->sink ? d->sink : print_to_stderr)(d, level, loc, msg);
}

void diag_error(Diag *d, const SrcLoc *loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, DIAG_ERROR, loc, fmt, ap);
  va_end(ap);
}

void diag_warning(Diag *d, const SrcLoc *loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, DIAG_WARNING, loc, fmt, ap);
  va_end(ap);
}

void diag_note(Diag *d, const SrcLoc *loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, DIAG_NOTE, loc, fmt, ap);
  va_end(ap);
}

void diag_report_at(Diag *d, DiagLevel level, const SrcLoc *loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, level, loc, fmt, ap);
  va_end(ap);
}
