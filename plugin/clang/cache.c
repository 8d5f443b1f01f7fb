// cache.c - the records of translation units that have not changed.
//
// Scanning a unit parses all of it (windows.h: some 150 files), however few
// records it has. The records and messages of a unit are kept in
// DIR/scan/KEY, where KEY hashes what decides them besides the files read:
// the ccdll and libclang binaries (path, size, time), the clang arguments
// (target included), the file named, the directory scanned from, the
// options, the mingw-w64 g++ whose C++ headers a C++ unit gets (path, size,
// time), and the environment clang reads (CPATH and company,
// CCDLL_CLANG_RESOURCE_DIR). An entry is used when
//
//   - every file the unit read (clang_getInclusions) has the size and the
//     content hash it had (ccache's "direct mode"), and
//   - no header has appeared, or gone, where clang would have looked for
//     one before (or instead of) the file it read: for each #include
//     <name> or "name" spelled literally, whether ROOT/name exists, for
//     every ROOT that supplied a header to the unit, every -I, -isystem,
//     -iquote and -idirafter, and the includer's directory for "name".
//
// A hit does not load libclang at all. What is not noticed: a header
// created where an #include spelled through a macro, or a __has_include,
// would find it. `--no-cache` scans anyway; removing the directory clears
// the cache.
//
//   entry = "ccdll-scan-cache 1 " key "\n" {file | probe} records messages
//   file     = "F " size " " hash " " path "\n"
//   probe    = "P " ("0" | "1") " " path "\n"
//   records  = "R " length "\n" bytes      (JSON Lines, record.c)
//   messages = "M " length "\n" bytes      (the unit's diagnostics)
#define _XOPEN_SOURCE 700   // realpath, readlink
#include "scan.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef _WIN32
#include <direct.h>
#define mkdir(path, mode) _mkdir(path)
#endif

//
// Hashing
//

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v * 0x9e3779b97f4a7c15u;
  h = (h << 27 | h >> 37) * 0xbf58476d1ce4e5b9u;
  return h;
}

static uint64_t hash_bytes(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = mix(h, w);
  }
  uint64_t tail = 0;
  for (size_t k = 0; i + k < n; k++)
    tail |= (uint64_t)p[i + k] << 8 * k;
  h = mix(mix(h, tail), n);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  return h;
}

static uint64_t hash_str(uint64_t h, const char *s) {
  return hash_bytes(h, s ? s : "\1(null)", s ? strlen(s) + 1 : 8);
}

// A file's identity without reading it: its path, size and time.
static uint64_t hash_file_stat(uint64_t h, const char *path) {
  struct stat st;
  h = hash_str(h, path);
  if (path && stat(path, &st) == 0) {
    h = mix(h, (uint64_t)st.st_size);
    h = mix(h, (uint64_t)st.st_mtime);
  }
  return h;
}

static const char *self_exe(char *buf, size_t size) {
#ifdef __linux__
  ssize_t n = readlink("/proc/self/exe", buf, size - 1);
  if (n > 0) {
    buf[n] = '\0';
    return buf;
  }
#else
  (void)buf;
  (void)size;
#endif
  return NULL;
}

static bool mkdirs(char *path) {
  for (char *p = path + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
      *p = '/';
      if (!ok)
        return false;
    }
  return mkdir(path, 0777) == 0 || errno == EEXIST;
}

void cache_begin(ScanCache *c, Arena *a, const char *dir, const char *path, const char *const *args, int nargs,
                 const char *cxx_compiler, const ScanOptions *opt) {
  *c = (ScanCache){0};
  if (!dir)
    return;
  char buf[PATH_MAX], cwd[PATH_MAX];
  uint64_t h = hash_str(0, "ccdll-scan-cache 1 " CCDLL_VERSION);
  h = hash_file_stat(h, self_exe(buf, sizeof buf));
  h = hash_file_stat(h, libclang_path());
  static const char *const env[] = {"CCDLL_CLANG_RESOURCE_DIR", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
                                    "OBJC_INCLUDE_PATH", "OBJCPLUS_INCLUDE_PATH"};
  for (size_t i = 0; i < sizeof env / sizeof *env; i++)
    h = hash_str(h, getenv(env[i]));
  h = hash_str(h, getcwd(cwd, sizeof cwd));
  h = hash_str(h, path);
  for (int i = 0; i < nargs; i++)
    h = hash_str(h, args[i]);
  h = mix(h, opt->all_prototypes);
  for (int i = 0; i < opt->nscope_dirs; i++)
    h = hash_str(h, opt->scope_dirs[i]);
  // The g++ whose C++ include directories the unit gets (resource.c): its
  // name, size and time stand for what it would list.
  if (cxx_compiler)
    h = hash_file_stat(h, cxx_compiler);
  c->dir = arena_concat(a, dir, "/scan", "");
  c->key = h;
  c->path = arena_printf(a, "%s/%016" PRIx64, c->dir, h);
}

//
// Lookup
//

// The content hash of a file, or false when it cannot be read.
static bool hash_file(const char *path, uint64_t *size, uint64_t *hash) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  Buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_put(&b, chunk, n);
  bool ok = !ferror(f);
  fclose(f);
  *size = b.len;
  *hash = hash_bytes(0, b.data, b.len);
  buf_free(&b);
  return ok;
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void ignore(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d, (void)level, (void)loc, (void)msg;
}

// Reads "R len\n" or "M len\n" and that many bytes.
static char *read_block(Arena *a, const char **p, const char *end, char tag, size_t *len) {
  char *next;
  if (end - *p < 3 || (*p)[0] != tag || (*p)[1] != ' ')
    return NULL;
  unsigned long long n = strtoull(*p + 2, &next, 10);
  if (next >= end || *next != '\n' || n > (unsigned long long)(end - next - 1))
    return NULL;
  *len = (size_t)n;
  char *s = arena_strndup(a, next + 1, (size_t)n);
  *p = next + 1 + n;
  return s;
}

char *cache_lookup(ScanCache *c, Arena *a, size_t *len, char **messages, size_t *messages_len) {
  if (!c->path)
    return NULL;
  Diag quiet = {.sink = ignore};
  char *text;
  size_t size;
  if (!file_read(&quiet, c->path, &text, &size))
    return NULL;
  char *records = NULL;
  const char *p = text, *end = text + size;
  char head[64];
  snprintf(head, sizeof head, "ccdll-scan-cache 1 %016" PRIx64 "\n", c->key);
  if (size < strlen(head) || memcmp(text, head, strlen(head)))
    goto out;
  p += strlen(head);
  while (p < end && (*p == 'F' || *p == 'P')) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      goto out;
    char *line = arena_strndup(a, p, (size_t)(nl - p));
    p = nl + 1;
    if (line[0] == 'F') {
      unsigned long long want_size, want_hash, got_size, got_hash;
      int at = 0;
      if (sscanf(line, "F %llu %llx %n", &want_size, &want_hash, &at) != 2 || !at)
        goto out;
      uint64_t s, h;
      if (!hash_file(line + at, &s, &h))
        goto out;
      got_size = s;
      got_hash = h;
      if (got_size != want_size || got_hash != want_hash)
        goto out;
    } else {
      if (strlen(line) < 5 || (line[2] != '0' && line[2] != '1') || line[3] != ' ')
        goto out;
      if (exists(line + 4) != (line[2] == '1'))
        goto out;
    }
  }
  records = read_block(a, &p, end, 'R', len);
  if (records && !(*messages = read_block(a, &p, end, 'M', messages_len)))
    records = NULL;
out:
  free(text);
  return records;
}

//
// Storing
//

typedef struct {
  Arena *a;
  CXTranslationUnit tu;
  const char *named_text;  // ScanCache's: the file named as read
  size_t named_len;
  Buf *out;
  const char **roots;      // directories headers were found under
  uint32_t nroots, roots_cap;
  struct Include {
    const char *file;      // as clang names it
    const char *name;      // as the #include spells it; NULL: not literal
    const char *includer_dir;
    bool quoted;
  } *inc;
  uint32_t ninc, inc_cap;
  CXFile *files;           // hashed already (a header may be included often)
  uint32_t nfiles, files_cap;
  bool uncacheable;
} Store;

static void add_root(Store *s, const char *root) {
  for (uint32_t i = 0; i < s->nroots; i++)
    if (!strcmp(s->roots[i], root))
      return;
  s->roots = arena_reserve(s->a, s->roots, s->nroots, &s->roots_cap, s->nroots + 1, sizeof *s->roots);
  s->roots[s->nroots++] = root;
}

static const char *dir_name(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? arena_strndup(a, path, slash > path ? (size_t)(slash - path) : 1) : ".";
}

// Each file of the unit: hashed into the entry, and its #include noted.
static void visit_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data) {
  Store *s = data;
  bool seen = false;
  for (uint32_t i = s->nfiles; i-- > 0 && !seen;)
    seen = s->files[i] == file;
  CXString cx = clang_getFileName(file);
  const char *name = arena_strdup(s->a, clang_getCString(cx) ? clang_getCString(cx) : "");
  clang_disposeString(cx);
  size_t size;
  const char *text = clang_getFileContents(s->tu, file, &size);
  if (!depth && s->named_text) {
    text = s->named_text;   // the file as read, not the copy with probes
    size = s->named_len;
  }
  if (!*name || strchr(name, '\n') || !text) {
    s->uncacheable = true;
    return;
  }
  if (!seen) {
    buf_printf(s->out, "F %zu %016" PRIx64 " %s\n", size, hash_bytes(0, text, size), name);
    s->files = arena_reserve(s->a, s->files, s->nfiles, &s->files_cap, s->nfiles + 1, sizeof *s->files);
    s->files[s->nfiles++] = file;
  }
  if (!depth)
    return;   // the file named

  // The spelling: the inclusion points at the name after #include.
  CXFile from;
  unsigned offset;
  clang_getExpansionLocation(stack[0], &from, NULL, NULL, &offset);
  const char *from_text = from ? clang_getFileContents(s->tu, from, &size) : NULL;
  struct Include inc = {.file = name};
  if (from_text && offset < size && (from_text[offset] == '<' || from_text[offset] == '"')) {
    char close = from_text[offset] == '<' ? '>' : '"';
    const char *end = memchr(from_text + offset + 1, close, size - offset - 1);
    const char *nl = memchr(from_text + offset + 1, '\n', size - offset - 1);
    if (end && (!nl || end < nl)) {
      inc.name = arena_strndup(s->a, from_text + offset + 1, (size_t)(end - from_text - offset - 1));
      inc.quoted = close == '"';
      CXString fn = clang_getFileName(from);
      inc.includer_dir = dir_name(s->a, clang_getCString(fn));
      clang_disposeString(fn);
      // The root it was found under: the file's path less the name.
      size_t n = strlen(name), k = strlen(inc.name);
      if (n > k && name[n - k - 1] == '/' && !strcmp(name + n - k, inc.name))
        add_root(s, arena_strndup(s->a, name, n - k - 1));
    }
  }
  s->inc = arena_reserve(s->a, s->inc, s->ninc, &s->inc_cap, s->ninc + 1, sizeof *s->inc);
  s->inc[s->ninc++] = inc;
}

static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// Whether each place the unit could have found an included name exists.
static void add_probes(Store *s, const char *const *args, int nargs) {
  static const char *const dir_opts[] = {"-I", "-isystem", "-iquote", "-idirafter"};
  const char *wd = NULL;
  for (int i = 0; i < nargs; i++) {
    if (!strcmp(args[i], "-working-directory") && i + 1 < nargs)
      wd = args[i + 1];
    for (size_t k = 0; k < sizeof dir_opts / sizeof *dir_opts; k++) {
      size_t n = strlen(dir_opts[k]);
      const char *dir = NULL;
      if (!strcmp(args[i], dir_opts[k]) && i + 1 < nargs)
        dir = args[i + 1];
      else if (!strncmp(args[i], dir_opts[k], n) && args[i][n] && (k == 0 || args[i][n] == '/'))
        dir = args[i] + n;
      if (dir)
        add_root(s, dir[0] != '/' && wd ? arena_concat(s->a, wd, "/", dir) : dir);
    }
  }
  // The probes written (hashes of their paths), not to repeat one.
  uint32_t nset = 1024, used = 0;
  uint64_t *set = xmalloc(nset * sizeof *set);
  memset(set, 0, nset * sizeof *set);
  for (uint32_t i = 0; i < s->ninc; i++) {
    struct Include *inc = &s->inc[i];
    if (!inc->name || inc->name[0] == '/')
      continue;
    for (uint32_t r = 0; r <= s->nroots; r++) {
      const char *root = r < s->nroots ? s->roots[r] : inc->quoted ? inc->includer_dir : NULL;
      if (!root)
        continue;
      char *path = arena_concat(s->a, root, "/", inc->name);
      if (strchr(path, '\n') || !strcmp(path, inc->file) || same_file(path, inc->file))
        continue;
      uint64_t h = hash_str(1, path) | 1;
      uint32_t k = (uint32_t)h & (nset - 1);
      while (set[k] && set[k] != h)
        k = (k + 1) & (nset - 1);
      if (set[k])
        continue;
      set[k] = h;
      if (++used * 2 > nset) {   // grow: rehash into twice the room
        uint64_t *old = set;
        uint32_t n = nset;
        nset *= 2;
        set = xmalloc(nset * sizeof *set);
        memset(set, 0, nset * sizeof *set);
        for (uint32_t j = 0; j < n; j++)
          if (old[j]) {
            uint32_t q = (uint32_t)old[j] & (nset - 1);
            while (set[q])
              q = (q + 1) & (nset - 1);
            set[q] = old[j];
          }
        free(old);
      }
      buf_printf(s->out, "P %d %s\n", exists(path), path);
    }
  }
  free(set);
}

void cache_store(ScanCache *c, Arena *a, CXTranslationUnit tu, const char *const *args, int nargs,
                 const char *records, size_t records_len, const char *messages, size_t messages_len) {
  if (!c->path)
    return;
  Buf out = {0};
  buf_printf(&out, "ccdll-scan-cache 1 %016" PRIx64 "\n", c->key);
  Store s = {.a = a, .tu = tu, .out = &out, .named_text = c->named_text, .named_len = c->named_len};
  clang_getInclusions(tu, visit_inclusion, &s);
  if (!s.uncacheable) {
    add_probes(&s, args, nargs);
    buf_printf(&out, "R %zu\n", records_len);
    buf_put(&out, records, records_len);
    buf_printf(&out, "M %zu\n", messages_len);
    buf_put(&out, messages, messages_len);
    // Written beside and renamed: a reader sees a whole entry or none.
    char *dir = arena_strdup(a, c->dir);
    char *tmp = arena_printf(a, "%s.%ld.tmp", c->path, (long)getpid());
    FILE *f = mkdirs(dir) ? fopen(tmp, "wb") : NULL;
    if (f) {
      bool ok = fwrite(out.data, 1, out.len, f) == out.len;
      ok = fclose(f) == 0 && ok;
      if (!ok || rename(tmp, c->path) != 0)
        remove(tmp);
    }
  }
  buf_free(&out);
}

const char *scan_cache_dir(Arena *a) {
  const char *xdg = getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/')
    return arena_concat(a, xdg, "/ccdll", "");
  const char *home = getenv("HOME");
  if (home && *home)
    return arena_concat(a, home, "/.cache/ccdll", "");
  return NULL;
}
