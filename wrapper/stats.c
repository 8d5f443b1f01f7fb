// stats.c - --stats: how long each phase of a run took, and what it
// counted, printed to standard error at the end. Off, each call is one
// test of a flag.
#include "core.h"

#include <stdio.h>
#include <time.h>

enum { MAX_PHASES = 16, MAX_COUNTS = 16 };

static struct {
  bool on;
  double start, phase_start;
  const char *phase;
  int nphases, ncounts;
  struct { const char *name; double ms; } phases[MAX_PHASES];
  struct { const char *name; uint64_t n; } counts[MAX_COUNTS];
} stats;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void stats_enable(void) {
  stats.on = true;
  stats.start = stats.phase_start = now_ms();
}

bool stats_enabled(void) {
  return stats.on;
}

// The time of the phase that ends now goes to its line (a phase entered
// twice adds up).
static void end_phase(double t) {
  if (!stats.phase)
    return;
  int i = 0;
  while (i < stats.nphases && stats.phases[i].name != stats.phase)
    i++;
  if (i == stats.nphases && stats.nphases < MAX_PHASES)
    stats.phases[stats.nphases++].name = stats.phase;
  if (i < stats.nphases)
    stats.phases[i].ms += t - stats.phase_start;
  stats.phase = NULL;
}

void stats_phase(const char *name) {
  if (!stats.on)
    return;
  double t = now_ms();
  end_phase(t);
  stats.phase = name;
  stats.phase_start = t;
}

void stats_count(const char *name, uint64_t n) {
  if (!stats.on)
    return;
  int i = 0;
  while (i < stats.ncounts && stats.counts[i].name != name)
    i++;
  if (i == stats.ncounts && stats.ncounts < MAX_COUNTS)
    stats.counts[stats.ncounts++].name = name;
  if (i < stats.ncounts)
    stats.counts[i].n += n;
}

void stats_print(const char *prog) {
  if (!stats.on)
    return;
  double t = now_ms();
  end_phase(t);
  for (int i = 0; i < stats.nphases; i++)
    fprintf(stderr, "%s: stats: %-24s %10.2f ms\n", prog, stats.phases[i].name, stats.phases[i].ms);
  fprintf(stderr, "%s: stats: %-24s %10.2f ms\n", prog, "total", t - stats.start);
  for (int i = 0; i < stats.ncounts; i++)
    fprintf(stderr, "%s: stats: %-24s %10llu\n", prog, stats.counts[i].name, (unsigned long long)stats.counts[i].n);
}
