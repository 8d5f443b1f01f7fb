// file.c - reading inputs, and writing outputs all-or-nothing.
#include "core.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// -v: each file read and written, on standard error.
static const char *verbose_prog;

void file_verbose(const char *prog) {
  verbose_prog = prog;
}

bool file_read(Diag *d, const char *path, char **data, size_t *len) {
  SrcLoc loc = {path, 0, 0};
  bool is_stdin = !strcmp(path, "-");
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0) {
    diag_error(d, &loc, "cannot open: %s", strerror(errno));
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    diag_error(d, &loc, "cannot read: is a directory");
    close(fd);
    return false;
  }
  size_t cap = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ? (size_t)st.st_size + 1 : 65536;
  char *p = xmalloc(cap);
  size_t n = 0;
  for (;;) {
    if (n + 1 >= cap)
      p = xrealloc(p, cap *= 2);
    ssize_t r = read(fd, p + n, cap - n - 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      diag_error(d, &loc, "cannot read: %s", strerror(errno));
      free(p);
      if (!is_stdin)
        close(fd);
      return false;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  if (!is_stdin)
    close(fd);
  p[n] = '\0';
  *data = p;
  *len = n;
  if (verbose_prog)
    fprintf(stderr, "%s: read %s (%zu bytes)\n", verbose_prog, path, n);
  return true;
}

// Staged temporary files not yet committed, removed at exit or on a signal.
static char **pending;
static int npending;

// Outputs a program writes in place: on exit or a signal before they are
// committed, what the program wrote is removed and the earlier file (kept
// aside, when there was one) is put back.
typedef struct {
  char *dst, *kept;    // kept: NULL when there was no earlier file
  bool done;           // the program has finished; it left this file:
  dev_t dev;
  ino_t ino;           // 0: none
} Restore;
static Restore *restores;
static int nrestores;

// A private directory for temporary files, removed with them at exit.
static char *temp_path;

static void remove_temp_dir(void) {
  if (!temp_path)
    return;
  DIR *dir = opendir(temp_path);
  struct dirent *ent;
  char path[4096];
  while (dir && (ent = readdir(dir)))
    if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, "..") &&
        snprintf(path, sizeof path, "%s/%s", temp_path, ent->d_name) < (int)sizeof path)
      unlink(path);
  if (dir)
    closedir(dir);
  rmdir(temp_path);
}

// Removes what the program wrote and puts the earlier file back. A program
// that failed has written nothing (GNU ld removes its output, lld writes
// it only at the end), so a file there then is another process's (a
// concurrent build that succeeded): it stays, and the earlier one goes.
static void restore(const Restore *r) {
  struct stat st;
  bool present = stat(r->dst, &st) == 0;
  bool ours = present && (!r->done || (st.st_dev == r->dev && st.st_ino == r->ino));
  if (ours && unlink(r->dst) == 0)
    present = false;
  if (r->kept && (present || rename(r->kept, r->dst) != 0))
    unlink(r->kept);
}

static void remove_pending(void) {
  for (int i = 0; i < npending; i++)
    if (pending[i])
      unlink(pending[i]);
  for (int i = 0; i < nrestores; i++)
    if (restores[i].dst)
      restore(&restores[i]);
  remove_temp_dir();
}

static void on_signal(int sig) {
  remove_pending();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void forget_pending(const char *tmp) {
  for (int i = 0; i < npending; i++)
    if (pending[i] == tmp)
      pending[i] = NULL;
}

static void install_cleanup(void) {
  static bool installed;
  if (!installed) {
    installed = true;
    atexit(remove_pending);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    // Past `ulimit -f`, write() should fail with EFBIG rather than kill us.
    signal(SIGXFSZ, SIG_IGN);
  }
}

static void watch_pending(char *tmp) {
  install_cleanup();
  pending = xrealloc(pending, sizeof(char *) * (npending + 1));
  pending[npending++] = tmp;
}

static bool write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t w = write(fd, p, len);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return false;
    p += w;
    len -= (size_t)w;
  }
  return true;
}

// The temporary file lives in the target's directory so that rename() is
// atomic; its name carries the pid so parallel runs never share one.
const char *temp_dir(Diag *d) {
  if (temp_path)
    return temp_path;
  const char *base = getenv("TMPDIR");
  char *path = xmalloc(strlen(base && *base ? base : "/tmp") + 16);
  sprintf(path, "%s/ccdll.XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(path)) {
    diag_error(d, NULL, "cannot make a temporary directory in '%s': %s", base && *base ? base : "/tmp",
               strerror(errno));
    free(path);
    return NULL;
  }
  install_cleanup();
  temp_path = path;
  return temp_path;
}

bool file_write(Diag *d, const char *path, const void *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0 || !write_all(fd, data, len) || close(fd) != 0) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "cannot write: %s", strerror(errno));
    if (fd >= 0)
      close(fd);
    return false;
  }
  return true;
}

// What a streaming Buf flushes to.
typedef struct {
  int fd;
  int error;           // errno of the first failed write, else 0
} Sink;

static void flush_to_file(Buf *b) {
  Sink *sink = b->sink;
  if (!sink->error && !write_all(sink->fd, b->data, b->len))
    sink->error = errno;
  b->len = 0;
}

// Writes what write() produces (or data, when write is NULL) to a new
// temporary file beside path and records it in the set.
static bool stage(OutputSet *set, Diag *d, const char *path, void (*write)(Buf *out, void *ctx), void *ctx,
                  const void *data, size_t len) {
  static unsigned counter;
  SrcLoc loc = {path, 0, 0};
  const char *slash = strrchr(path, '/');
  int dirlen = slash ? (int)(slash - path + 1) : 0;
  char *tmp = xmalloc(strlen(path) + 64);
  sprintf(tmp, "%.*s.%s.%ld.%u.tmp", dirlen, path, path + dirlen, (long)getpid(), counter++);

  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    diag_error(d, &loc, "cannot write: is a directory");
    free(tmp);
    return false;
  }
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
  if (fd < 0) {
    diag_error(d, &loc, "cannot write: %s", strerror(errno));
    free(tmp);
    return false;
  }
  watch_pending(tmp);
  Sink sink = {fd, 0};
  if (write) {
    enum { PIECE = 256 << 10 };
    Buf out = {.data = xmalloc(PIECE), .cap = PIECE, .flush = flush_to_file, .sink = &sink};
    write(&out, ctx);
    flush_to_file(&out);
    buf_free(&out);
  } else if (!write_all(fd, data, len)) {
    sink.error = errno;
  }
  if (stats_enabled() && !sink.error) {
    stats_count("files written", 1);
    stats_count("bytes written", (uint64_t)lseek(fd, 0, SEEK_CUR));
  }
  if (close(fd) != 0 && !sink.error)
    sink.error = errno;
  if (sink.error) {
    diag_error(d, &loc, "cannot write: %s", strerror(sink.error));
    unlink(tmp);
    forget_pending(tmp);
    free(tmp);
    return false;
  }
  set->tmp = xrealloc(set->tmp, sizeof(char *) * (set->n + 1));
  set->dst = xrealloc(set->dst, sizeof(char *) * (set->n + 1));
  set->tmp[set->n] = tmp;
  set->dst[set->n] = strcpy(xmalloc(strlen(path) + 1), path);
  set->n++;
  return true;
}

bool output_stage(OutputSet *set, Diag *d, const char *path, const void *data, size_t len) {
  return stage(set, d, path, NULL, NULL, data, len);
}

bool output_stage_stream(OutputSet *set, Diag *d, const char *path, void (*write)(Buf *out, void *ctx),
                         void *ctx) {
  return stage(set, d, path, write, ctx, NULL, 0);
}

bool output_in_place(OutputSet *set, Diag *d, const char *path) {
  static unsigned counter;
  install_cleanup();
  const char *slash = strrchr(path, '/');
  int dirlen = slash ? (int)(slash - path + 1) : 0;
  // Only a file is kept aside: a directory (or a device) in the output's
  // place is an error, as it is for the linker.
  struct stat st;
  if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "cannot write: %s", S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
    return false;
  }
  char *kept = xmalloc(strlen(path) + 64);
  sprintf(kept, "%.*s.%s.%ld.%u.old", dirlen, path, path + dirlen, (long)getpid(), counter++);
  if (rename(path, kept) != 0) {
    if (errno != ENOENT) {
      diag_error(d, &(SrcLoc){path, 0, 0}, "cannot write: %s", strerror(errno));
      free(kept);
      return false;
    }
    free(kept);
    kept = NULL;
  }
  restores = xrealloc(restores, sizeof(Restore) * (nrestores + 1));
  restores[nrestores++] = (Restore){.dst = strcpy(xmalloc(strlen(path) + 1), path), .kept = kept};
  set->tmp = xrealloc(set->tmp, sizeof(char *) * (set->n + 1));
  set->dst = xrealloc(set->dst, sizeof(char *) * (set->n + 1));
  set->tmp[set->n] = NULL;   // in place: nothing to rename
  set->dst[set->n] = restores[nrestores - 1].dst;
  set->n++;
  return true;
}

void output_in_place_done(const char *path, bool written) {
  for (int i = 0; i < nrestores; i++) {
    Restore *r = &restores[i];
    if (!r->dst || strcmp(r->dst, path))
      continue;
    struct stat st;
    r->done = true;
    r->ino = written && stat(path, &st) == 0 ? st.st_ino : 0;
    r->dev = r->ino ? st.st_dev : 0;
  }
}

// The restore entry of an in-place output, taken out of the list.
static Restore take_restore(const char *dst) {
  for (int i = 0; i < nrestores; i++)
    if (restores[i].dst == dst) {
      Restore r = restores[i];
      restores[i].dst = NULL;
      return r;
    }
  return (Restore){0};
}

static void output_clear(OutputSet *set) {
  for (int i = 0; i < set->n; i++) {
    if (!set->tmp[i]) {   // in place
      Restore r = take_restore(set->dst[i]);
      free(r.kept);
    } else {
      forget_pending(set->tmp[i]);
      free(set->tmp[i]);
    }
    free(set->dst[i]);
  }
  free(set->tmp);
  free(set->dst);
  *set = (OutputSet){0};
}

bool output_commit(OutputSet *set, Diag *d) {
  bool ok = true;
  for (int i = 0; i < set->n; i++) {
    if (!set->tmp[i]) {   // in place: written; the earlier file goes
      Restore *r = NULL;
      for (int k = 0; k < nrestores; k++)
        if (restores[k].dst == set->dst[i])
          r = &restores[k];
      if (r && r->kept && ok)
        unlink(r->kept);
      else if (r && !ok)
        restore(r);
      continue;
    }
    if (ok && rename(set->tmp[i], set->dst[i]) != 0) {
      diag_error(d, &(SrcLoc){set->dst[i], 0, 0}, "cannot write: %s", strerror(errno));
      ok = false;
    } else if (ok) {
      // Dated when the run completes, not when staged: a DLL linked in
      // place meanwhile is not newer than its import library (make
      // rules like libfoo.dll.a: foo.dll would run again).
      utimensat(AT_FDCWD, set->dst[i], NULL, 0);
      if (verbose_prog)
        fprintf(stderr, "%s: wrote %s\n", verbose_prog, set->dst[i]);
    }
    if (!ok)
      unlink(set->tmp[i]);
  }
  output_clear(set);
  return ok;
}

void output_abort(OutputSet *set) {
  for (int i = 0; i < set->n; i++) {
    if (set->tmp[i]) {
      unlink(set->tmp[i]);
      continue;
    }
    for (int k = 0; k < nrestores; k++)
      if (restores[k].dst == set->dst[i])
        restore(&restores[k]);
  }
  output_clear(set);
}
