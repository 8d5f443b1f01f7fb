/* fail2.c - see fail1.c. */
#include "log.h"

static int a(void) { log_put("f2.a"); return 1; }
static void d(void) { log_put("f2.d"); }
static int b(void) { log_put("f2.b"); return 0; }
static void e(void) { log_put("f2.e"); }

CCDLL_ON_PROCESS_ATTACH(a);
CCDLL_ON_PROCESS_DETACH(d);
CCDLL_ON_PROCESS_ATTACH(b);
CCDLL_ON_PROCESS_DETACH(e);
