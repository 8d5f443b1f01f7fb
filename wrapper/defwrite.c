// defwrite.c - writes a Module as a .def file, in either dialect and in the
// forms of the classic import/export pair:
//
//   NAME_i.def (import)  Foo@4          for a kill-at import library: the
//                                       client links _Foo@4, the loader is
//                                       asked for Foo
//   NAME_e.def (export)  Foo=Foo@4      linked into the DLL: it exports Foo
//   lld export form      Foo            lld matches Foo to _Foo@4 by itself
//
// What def.c reads back from the output is the model that was written.
#include "core.h"

#include <string.h>

static bool is_keyword(const char *s) {
  static const char *const kw[] = {
    "LIBRARY", "NAME", "EXPORTS", "HEAPSIZE", "STACKSIZE", "VERSION", "DESCRIPTION",
    "SECTIONS", "SEGMENTS", "DATA", "CONSTANT", "PRIVATE", "NONAME", "EXPORTAS", "BASE",
  };
  for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
    if (!strcmp(s, kw[i]))
      return true;
  return false;
}

// Writes a name, quoted when the reader would otherwise split it or take it
// for a keyword or an ordinal, and when it holds a '#': GNU ld and dlltool
// read a forwarder by ordinal, other.#12, only in quotes.
void def_put_name(Buf *out, const char *s) {
  bool quote = !*s || is_keyword(s) || (s[0] == '@' && (!s[1] || (s[1] >= '0' && s[1] <= '9')));
  for (const char *q = s; *q && !quote; q++)
    quote = *q == ' ' || *q == '\t' || *q == '=' || *q == ',' || *q == ';' || *q == '"' || *q == '\'' ||
            *q == '#';
  if (!quote) {
    buf_puts(out, s);
    return;
  }
  char q = strchr(s, '"') ? '\'' : '"';
  buf_printf(out, "%c%s%c", q, s, q);
}

// A symbol in the dialect's spelling: MSVC writes the i386 '_' of a name
// with an '@' (`_Foo@4`); see def_msvc_verbatim.
static void put_symbol(Buf *out, const char *s, Dialect dialect, Machine machine) {
  if (dialect == DIALECT_MSVC && machine == MACH_I386 && def_msvc_verbatim(s))
    buf_put_u8(out, '_');
  def_put_name(out, s);
}

static void put_entry(Buf *out, Arena *a, const Export *e, Dialect dialect, Machine machine,
                      DefForm form) {
  const char *left = e->name;                                // the exported name
  const char *right = e->forward ? e->forward : e->symbol;  // what it points at
  if (form != DEF_AS_IS && export_is_decorated(e)) {
    // The plain name the DLL exports, and the decorated symbol a client
    // compiled against the prototype links: Bar=Foo@4 gives Bar and Bar@4.
    const char *client = export_client_name(a, machine, e);
    left = form == DEF_IMPORT ? client : export_plain_name(a, e);
    if (!right)
      right = e->name;
    if (form == DEF_EXPORT_LLD && !e->forward && !strcmp(right, client))
      right = NULL;
  }
  // The import side knows only what the DLL exports: no internal symbols,
  // and a forwarder is followed by the loader, not by the client.
  if (form == DEF_IMPORT)
    right = NULL;

  put_symbol(out, left, dialect, machine);
  if (right) {
    buf_put_u8(out, '=');
    if (e->forward)
      def_put_name(out, right);
    else
      put_symbol(out, right, dialect, machine);
  }
  if (e->ordinal) {
    buf_printf(out, " @%u", e->ordinal);
    if (e->noname)
      buf_puts(out, " NONAME");
  }
  // GNU dlltool accepts the flags only in this order.
  if (e->kind == EXPORT_CONSTANT)
    buf_puts(out, " CONSTANT");
  if (e->kind == EXPORT_DATA)
    buf_puts(out, " DATA");
  if (e->is_private)
    buf_puts(out, " PRIVATE");
  if (e->import_name) {
    buf_puts(out, dialect == DIALECT_MSVC ? " EXPORTAS " : " == ");
    def_put_name(out, e->import_name);
  }
  buf_put_u8(out, '\n');
}

static void put_size(Buf *out, const char *kw, uint64_t reserve, bool has_commit, uint64_t commit) {
  buf_printf(out, "%s %#llx", kw, (unsigned long long)reserve);
  if (has_commit)
    buf_printf(out, ",%#llx", (unsigned long long)commit);
  buf_put_u8(out, '\n');
}

void def_write(Buf *out, const Module *m, Dialect dialect, Machine machine, DefForm form) {
  Arena a = {0};
  if (m->dll_name || m->has_base) {
    buf_puts(out, m->is_exe ? "NAME" : "LIBRARY");
    if (m->dll_name) {
      buf_put_u8(out, ' ');
      def_put_name(out, m->dll_name);
    }
    if (m->has_base)
      buf_printf(out, " BASE=%#llx", (unsigned long long)m->image_base);
    buf_put_u8(out, '\n');
  }
  if (m->description) {
    buf_puts(out, "DESCRIPTION ");
    char q = strchr(m->description, '"') ? '\'' : '"';
    buf_printf(out, "%c%s%c\n", q, m->description, q);
  }
  if (m->has_version)
    buf_printf(out, "VERSION %u.%u\n", m->version_major, m->version_minor);
  if (m->has_heap)
    put_size(out, "HEAPSIZE", m->heap_reserve, m->has_heap_commit, m->heap_commit);
  if (m->has_stack)
    put_size(out, "STACKSIZE", m->stack_reserve, m->has_stack_commit, m->stack_commit);
  if (m->nsections) {
    buf_puts(out, "SECTIONS\n");
    for (int i = 0; i < m->nsections; i++) {
      buf_puts(out, "  ");
      def_put_name(out, m->sections[i].name);
      if (*m->sections[i].attrs)
        buf_printf(out, " %s", m->sections[i].attrs);
      buf_put_u8(out, '\n');
    }
  }
  buf_puts(out, "EXPORTS\n");
  for (uint32_t i = 0; i < m->exports.len; i++) {
    buf_puts(out, "  ");
    put_entry(out, &a, m->exports.v[i], dialect, machine, form);
  }
  arena_free(&a);
}
