// export.c - the export model: add, look up by name and ordinal, finalize.
#include "core.h"

#include <stdlib.h>
#include <string.h>

bool export_is_decorated(const Export *e) {
  return e->conv == CONV_STDCALL || e->conv == CONV_FASTCALL || e->conv == CONV_VECTORCALL;
}

const char *export_plain_name(Arena *a, const Export *e) {
  if (!export_is_decorated(e))
    return e->name;
  Undecorated u;
  undecorate(e->name, &u);
  return arena_strndup(a, u.name, u.name_len);
}

// Bar=Foo@4 is exported as Bar and called as Bar@4: the plain exported
// name with the decoration of the function it stands for.
const char *export_client_name(Arena *a, Machine m, const Export *e) {
  if (!export_is_decorated(e))
    return e->name;
  return decorate(a, m, e->conv, export_plain_name(a, e), e->arg_bytes);
}

static uint32_t hash_name(const char *s) {
  uint32_t h = 2166136261u;   // FNV-1a, then a final mix for the low bits
  for (; *s; s++)
    h = (h ^ (uint8_t)*s) * 16777619u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  return h;
}

// Returns the slot that holds `name`, or the free slot where it would go.
// A slot holds the export's index + 1 and its name's hash.
static NameSlot *find_slot(const ExportList *l, const char *name, uint32_t hash) {
  // The start slot scales the hash to the table (no power of two needed).
  for (uint32_t i = (uint32_t)((uint64_t)hash * l->nslots >> 32);; i = i + 1 == l->nslots ? 0 : i + 1) {
    NameSlot *slot = &l->slots[i];
    if (!slot->index || (slot->hash == hash && !strcmp(l->v[slot->index - 1]->name, name)))
      return slot;
  }
}

// A big table is written in random order: in huge pages, that is one page
// fault instead of one per 4 KiB page, each a stall on the way.
enum { PAGED_SLOTS = 1 << 20 };

static void free_slots(ExportList *l) {
  size_t bytes = sizeof(NameSlot) * l->nslots;
  if (bytes >= PAGED_SLOTS)
    pages_free(l->slots, bytes);
  else
    free(l->slots);
}

static void rehash(ExportList *l) {
  free_slots(l);
  l->nslots = l->cap + l->cap / 3 + 1;   // at most 3/4 full
  size_t bytes = sizeof(NameSlot) * l->nslots;
  l->slots = bytes >= PAGED_SLOTS ? pages_alloc(bytes) : calloc(1, bytes);
  if (!l->slots)
    fatal_oom();
  for (uint32_t i = 0; i < l->len; i++) {
    uint32_t hash = hash_name(l->v[i]->name);
    *find_slot(l, l->v[i]->name, hash) = (NameSlot){i + 1, hash};
  }
}

Export *exportlist_find(const ExportList *l, const char *name) {
  if (!l->nslots)
    return NULL;
  uint32_t idx = find_slot(l, name, hash_name(name))->index;
  return idx ? l->v[idx - 1] : NULL;
}

void exportlist_reserve(ExportList *l, uint32_t n) {
  if (n <= l->cap)
    return;
  l->cap = n;
  l->v = xrealloc(l->v, sizeof(Export *) * l->cap);
  rehash(l);
}

Export *exportlist_add(ExportList *l, Export *e) {
  if (l->len == l->cap)
    exportlist_reserve(l, l->cap ? l->cap * 2 : 64);
  uint32_t hash = hash_name(e->name);
  NameSlot *slot = find_slot(l, e->name, hash);
  if (slot->index)
    return l->v[slot->index - 1];
  l->v[l->len++] = e;
  *slot = (NameSlot){l->len, hash};
  return NULL;
}

const char *export_kind_name(ExportKind k) {
  return k == EXPORT_DATA ? "data" : k == EXPORT_CONSTANT ? "constant" : "code";
}

bool exportlist_merge(ExportList *l, Export *e, Diag *d, const SrcLoc *at) {
  Export *old = exportlist_add(l, e);
  if (!old)
    return true;
  const char *s1 = old->symbol ? old->symbol : old->name;
  const char *s2 = e->symbol ? e->symbol : e->name;
  if (!strcmp(s1, s2) && old->kind == e->kind)
    return true;
  diag_error(d, at, "'%s' is the %s symbol '%s' here, and the %s symbol '%s' elsewhere", e->name,
             export_kind_name(e->kind), s2, export_kind_name(old->kind), s1);
  if (old->loc.file)
    diag_note(d, &old->loc, "'%s' is declared here", old->name);
  return false;
}

// Indexes the ordinals given; reports (when d is not NULL) every ordinal
// that two exports share, and returns false if there was one.
static bool index_ordinals(ExportList *l, Diag *d) {
  if (!l->by_ordinal) {
    l->by_ordinal = calloc(MAX_ORDINAL + 1, sizeof(uint32_t));
    if (!l->by_ordinal)
      fatal_oom();
  }
  memset(l->by_ordinal, 0, (MAX_ORDINAL + 1) * sizeof(uint32_t));
  bool ok = true;
  for (uint32_t i = 0; i < l->len; i++) {
    Export *e = l->v[i];
    uint32_t *slot = &l->by_ordinal[e->ordinal];
    if (!e->ordinal)
      continue;
    if (!*slot) {
      *slot = i + 1;
      continue;
    }
    ok = false;
    if (d) {
      Export *old = l->v[*slot - 1];
      diag_error(d, &e->loc, "ordinal %u is used by both '%s' and '%s'", e->ordinal, old->name, e->name);
      diag_note(d, &old->loc, "'%s' is defined here", old->name);
    }
  }
  return ok;
}

Export *exportlist_find_ordinal(const ExportList *l, unsigned ordinal) {
  if (ordinal == 0 || ordinal > MAX_ORDINAL)
    return NULL;
  if (!l->by_ordinal) {   // a list numbered without an index (see finalize)
    for (uint32_t i = 0; i < l->len; i++)
      if (l->v[i]->ordinal == ordinal)
        return l->v[i];
    return NULL;
  }
  uint32_t idx = l->by_ordinal[ordinal];
  return idx ? l->v[idx - 1] : NULL;
}

Export *exportlist_claim_ordinal(ExportList *l, Export *e) {
  if (!l->by_ordinal)
    index_ordinals(l, NULL);
  uint32_t *slot = &l->by_ordinal[e->ordinal];
  if (*slot && l->v[*slot - 1] != e)
    return l->v[*slot - 1];
  // e is normally the export just added, the last one.
  for (uint32_t i = l->len; i-- > 0;)
    if (l->v[i] == e) {
      *slot = i + 1;
      break;
    }
  return NULL;
}

static int by_name(const void *a, const void *b) {
  return strcmp((*(Export *const *)a)->name, (*(Export *const *)b)->name);
}

// The loader finds names by binary search over the export name pointer
// table, which must be sorted by byte value (PE/COFF, "Export Name Pointer
// Table"); every writer relies on the list being in that order.
// Reported at the first export past the limit, in the order of the input.
bool exportlist_check_limit(const ExportList *l, Diag *d, DiagLevel level) {
  if (l->len <= MAX_EXPORTS)
    return true;
  SrcLoc *loc = &l->v[MAX_EXPORTS]->loc;
  diag_report_at(d, level, loc, "too many exports: %u (a DLL can have at most %d)", l->len, MAX_EXPORTS);
  return level != DIAG_ERROR;
}

bool exportlist_finalize(ExportList *l, Diag *d) {
  if (!exportlist_check_limit(l, d, DIAG_ERROR))
    return false;
  if (l->len)
    qsort(l->v, l->len, sizeof(Export *), by_name);
  rehash(l);
  // Without an ordinal given, the exports are numbered 1, 2, ... in name
  // order; the index of 65,536 entries (256 KiB to clear) is not needed.
  bool given = false;
  for (uint32_t i = 0; i < l->len && !given; i++)
    given = l->v[i]->ordinal != 0;
  if (!given && !l->by_ordinal) {
    for (uint32_t i = 0; i < l->len; i++)
      l->v[i]->ordinal = (uint16_t)(i + 1);
    return true;
  }
  if (!index_ordinals(l, d))
    return false;

  // Like GNU ld, fill the free ordinals from the lowest one given (or 1)
  // upwards, so that ordinals given in the .def leave no gap below them;
  // wrap around to 1 if that runs past the top.
  unsigned next = 0;
  for (uint32_t i = 0; i < l->len; i++)
    if (l->v[i]->ordinal && (!next || l->v[i]->ordinal < next))
      next = l->v[i]->ordinal;
  if (!next)
    next = 1;
  for (uint32_t i = 0; i < l->len; i++) {
    Export *e = l->v[i];
    if (e->ordinal)
      continue;
    while (l->by_ordinal[next])
      next = next == MAX_ORDINAL ? 1 : next + 1;
    e->ordinal = (uint16_t)next;
    l->by_ordinal[next] = i + 1;
  }
  return true;
}

void exportlist_free(ExportList *l) {
  free(l->v);
  free_slots(l);
  free(l->by_ordinal);
  *l = (ExportList){0};
}
