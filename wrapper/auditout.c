// auditout.c - the audit's findings as GCC diagnostics (which IDEs and
// editors pick up), as JSON, and as SARIF 2.1.0 (code-scanning services).
#define _XOPEN_SOURCE 700   // realpath
#include "audit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_loc(Buf *out, const SrcLoc *loc) {
  buf_printf(out, "%s:", loc->file ? loc->file : "ccdll");
  if (loc->line)
    buf_printf(out, "%d:%d:", loc->line, loc->col ? loc->col : 1);
}

// file:line:col: error: text [rule], and a note at the artifact.
static void write_gcc(Buf *out, const Findings *f) {
  for (uint32_t i = 0; i < f->len; i++) {
    const Finding *x = &f->v[i];
    const AuditRule *r = &audit_rules[x->rule];
    put_loc(out, &x->loc);
    buf_printf(out, " %s: %s [%s]\n", severity_name(r->severity), x->message, r->id);
    if (x->related.file) {
      put_loc(out, &x->related);
      buf_printf(out, " note: %s\n", x->related_message);
    }
  }
}

static void json_loc(Buf *out, const SrcLoc *loc) {
  buf_puts(out, "{\"file\":");
  json_put_string(out, loc->file ? loc->file : "");
  buf_printf(out, ",\"line\":%d,\"col\":%d}", loc->line, loc->col);
}

static void write_json(Buf *out, const Findings *f) {
  int counts[3] = {0};
  buf_puts(out, "{\"findings\":[");
  for (uint32_t i = 0; i < f->len; i++) {
    const Finding *x = &f->v[i];
    const AuditRule *r = &audit_rules[x->rule];
    counts[r->severity]++;
    buf_puts(out, i ? ",\n" : "\n");
    buf_puts(out, "{\"rule\":");
    json_put_string(out, r->id);
    buf_printf(out, ",\"severity\":\"%s\",\"name\":", severity_name(r->severity));
    json_put_string(out, x->name);
    buf_puts(out, ",\"message\":");
    json_put_string(out, x->message);
    buf_puts(out, ",\"location\":");
    json_loc(out, &x->loc);
    if (x->related.file) {
      buf_puts(out, ",\"related\":{\"location\":");
      json_loc(out, &x->related);
      buf_puts(out, ",\"message\":");
      json_put_string(out, x->related_message);
      buf_puts(out, "}");
    }
    buf_puts(out, "}");
  }
  buf_printf(out, "\n],\"errors\":%d,\"warnings\":%d,\"notes\":%d}\n", counts[SEVERITY_ERROR],
             counts[SEVERITY_WARNING], counts[SEVERITY_NOTE]);
}

// A SARIF location: the artifact's URI, and the region when the line is
// known.
// The path of a place without "." and ".." (SARIF forbids them in a file
// URI): the real path of an absolute file, or of the archive of
// "lib.a(member)".
static const char *sarif_path(const char *path) {
  static char out[PATH_MAX * 2];
  char file[PATH_MAX], real[PATH_MAX];
  const char *member = strchr(path, '(');
  size_t n = member ? (size_t)(member - path) : strlen(path);
  if (path[0] != '/' || n >= sizeof file)
    return path;
  memcpy(file, path, n);
  file[n] = 0;
  if (!realpath(file, real))
    return path;
  snprintf(out, sizeof out, "%s%s", real, member ? member : "");
  return out;
}

static void sarif_location(Buf *out, const SrcLoc *loc, const char *message) {
  buf_puts(out, "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
  Buf uri = {0};
  const char *path = sarif_path(loc->file ? loc->file : "");
  if (*path == '/')
    buf_puts(&uri, "file://");   // an absolute path is a file URI; a relative one a relative reference
  for (const char *p = path; *p; p++) {
    unsigned char c = (unsigned char)*p;
    // RFC 3986: what is no unreserved character or path delimiter is
    // percent-encoded ("lib.a(x.o)" keeps its parentheses: sub-delims).
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/!$&'()*+,;=:@", c))
      buf_put_u8(&uri, c);
    else
      buf_printf(&uri, "%%%02X", c);
  }
  buf_put_u8(&uri, 0);
  json_put_string(out, (const char *)uri.data);
  buf_free(&uri);
  buf_puts(out, "}");
  if (loc->line)
    buf_printf(out, ",\"region\":{\"startLine\":%d,\"startColumn\":%d}", loc->line, loc->col ? loc->col : 1);
  buf_puts(out, "}");
  if (message) {
    buf_puts(out, ",\"message\":{\"text\":");
    json_put_string(out, message);
    buf_puts(out, "}");
  }
  buf_puts(out, "}");
}

static const char *sarif_level(Severity s) {
  return s == SEVERITY_ERROR ? "error" : s == SEVERITY_WARNING ? "warning" : "note";
}

static void write_sarif(Buf *out, const Findings *f) {
  buf_puts(out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\n"
                "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"ccdll audit\",\"version\":\"" CCDLL_VERSION "\",\n"
                "\"rules\":[");
  for (int i = 0; i < RULE_COUNT; i++) {
    const AuditRule *r = &audit_rules[i];
    buf_puts(out, i ? ",\n" : "\n");
    buf_puts(out, "{\"id\":");
    json_put_string(out, r->id);
    buf_puts(out, ",\"shortDescription\":{\"text\":");
    json_put_string(out, r->summary);
    buf_printf(out, "},\"defaultConfiguration\":{\"level\":\"%s\"}}", sarif_level(r->severity));
  }
  buf_puts(out, "]}},\n\"results\":[");
  for (uint32_t i = 0; i < f->len; i++) {
    const Finding *x = &f->v[i];
    buf_puts(out, i ? ",\n" : "\n");
    buf_puts(out, "{\"ruleId\":");
    json_put_string(out, audit_rules[x->rule].id);
    buf_printf(out, ",\"ruleIndex\":%d,\"level\":\"%s\",\"message\":{\"text\":", (int)x->rule,
               sarif_level(audit_rules[x->rule].severity));
    json_put_string(out, x->message);
    buf_puts(out, "},\"locations\":[");
    sarif_location(out, &x->loc, NULL);
    buf_puts(out, "]");
    if (x->related.file) {
      buf_puts(out, ",\"relatedLocations\":[");
      sarif_location(out, &x->related, x->related_message);
      buf_puts(out, "]");
    }
    buf_puts(out, "}");
  }
  buf_puts(out, "\n]}]}\n");
}

void audit_write(Buf *out, const Findings *f, AuditFormat format) {
  switch (format) {
  case FORMAT_GCC: write_gcc(out, f); break;
  case FORMAT_JSON: write_json(out, f); break;
  case FORMAT_SARIF: write_sarif(out, f); break;
  }
}
