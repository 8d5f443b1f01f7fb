// run.c - runs the compiler and linker: the command as given (searched in
// PATH), printed first when asked (cc-dll -v); a failure is reported with
// the command and its exit status.
#include "core.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

// A command as a shell would take it back: words with blanks, quotes or
// other special characters in single quotes ('\'' for a quote itself).
void print_command(char *const *argv) {
  FILE *f = stderr;
  for (int i = 0; argv[i]; i++) {
    const char *w = argv[i];
    fputs(i ? " " : "", f);
    if (*w && !strpbrk(w, " \t\n\"'\\$`*?[]{}()<>|&;#~!")) {
      fputs(w, f);
      continue;
    }
    fputc('\'', f);
    for (; *w; w++)
      fputs(*w == '\'' ? "'\\''" : (char[]){*w, 0}, f);
    fputc('\'', f);
  }
  fputc('\n', f);
}

// Waits for pid; reports a failure of argv (with the command) unless quiet.
static bool wait_for(Diag *d, pid_t pid, char *const *argv, bool quiet) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      diag_error(d, NULL, "waiting for '%s': %s", argv[0], strerror(errno));
      return false;
    }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return true;
  if (quiet)
    return false;
  if (WIFEXITED(status))
    diag_error(d, NULL, "'%s' exited with status %d; the command was:", argv[0], WEXITSTATUS(status));
  else
    diag_error(d, NULL, "'%s' was killed by signal %d; the command was:", argv[0], WTERMSIG(status));
  print_command(argv);
  return false;
}

bool run_capture(Diag *d, char *const *argv, Buf *out) {
  int fds[2];
  if (pipe(fds) != 0) {
    diag_error(d, NULL, "cannot run '%s': %s", argv[0], strerror(errno));
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  pid_t pid;
  int err = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (err) {
    close(fds[0]);
    return false;   // the caller decides what a missing program means
  }
  char piece[4096];
  ssize_t n;
  while ((n = read(fds[0], piece, sizeof piece)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    buf_put(out, piece, (size_t)n);
  }
  close(fds[0]);
  return wait_for(d, pid, argv, false);
}

bool run_command(Diag *d, char *const *argv, bool verbose) {
  if (verbose) {
    print_command(argv);
    fflush(stderr);
  }
  pid_t pid;
  int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
  if (err) {
    diag_error(d, NULL, "cannot run '%s': %s", argv[0], strerror(err));
    return false;
  }
  return wait_for(d, pid, argv, false);
}
