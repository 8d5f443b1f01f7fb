/* third.c - the third object of hooks.dll. */
#include "log.h"

static int a(void) { log_put("third.a"); return 1; }
static void d(void) { log_put("third.d"); }

CCDLL_ON_PROCESS_ATTACH(a);
CCDLL_ON_PROCESS_DETACH(d);

/* Something to export. */
CCDLL_EXPORT int hooks_third(void) { return 3; }
