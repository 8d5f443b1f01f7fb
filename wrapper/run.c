// run.c - runs the compiler and linker: the command as given (searched in
// PATH), printed first when asked (cc-dll -v); a failure is reported with
// the command and its exit status.
#include "core.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

static void print_command(FILE *f, char *const *argv) {
  for (int i = 0; argv[i]; i++) {
    bool quote = !*argv[i] || strpbrk(argv[i], " \t\"'\\$");
    fprintf(f, "%s%s%s%s", i ? " " : "", quote ? "'" : "", argv[i], quote ? "'" : "");
  }
  fputc('\n', f);
}

bool run_command(Diag *d, char *const *argv, bool verbose) {
  if (verbose) {
    print_command(stderr, argv);
    fflush(stderr);
  }
  pid_t pid;
  int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
  if (err) {
    diag_error(d, NULL, "cannot run '%s': %s", argv[0], strerror(err));
    return false;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      diag_error(d, NULL, "waiting for '%s': %s", argv[0], strerror(errno));
      return false;
    }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return true;
  if (WIFEXITED(status))
    diag_error(d, NULL, "'%s' exited with status %d; the command was:", argv[0], WEXITSTATUS(status));
  else
    diag_error(d, NULL, "'%s' was killed by signal %d; the command was:", argv[0], WTERMSIG(status));
  print_command(stderr, argv);
  return false;
}
