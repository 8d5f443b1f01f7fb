/* fail1.c, fail2.c, fail3.c - failing.dll, whose attach hook f2.b fails:
   f1.a, f2.a and f2.b run, then the detach hooks registered before f2.b in
   reverse (f2.d, f1.d); f2.e, f3.a and f3.d never run. */
#include "log.h"

static int a(void) { log_put("f1.a"); return 1; }
static void d(void) { log_put("f1.d"); }

CCDLL_ON_PROCESS_ATTACH(a);
CCDLL_ON_PROCESS_DETACH(d);
