/* first.c - the first object of hooks.dll: hooks from C, interleaved, in
   the order they must run. */
#include "log.h"

static int a1(void) { log_put("first.a1"); return 1; }
static void d1(void) { log_put("first.d1"); }
static int a2(void) { log_put("first.a2"); return 1; }
static void d2(void) { log_put("first.d2"); }
static void t(void) { log_put("first.t"); }
static void td(void) { log_put("first.td"); }

CCDLL_ON_PROCESS_ATTACH(a1);
CCDLL_ON_PROCESS_DETACH(d1);
CCDLL_ON_PROCESS_ATTACH(a2);
CCDLL_ON_PROCESS_DETACH(d2);
CCDLL_ON_THREAD_ATTACH(t);
CCDLL_ON_THREAD_DETACH(td);
