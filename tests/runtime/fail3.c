/* fail3.c - see fail1.c. */
#include "log.h"

static int a(void) { log_put("f3.a"); return 1; }
static void d(void) { log_put("f3.d"); }

CCDLL_ON_PROCESS_ATTACH(a);
CCDLL_ON_PROCESS_DETACH(d);
