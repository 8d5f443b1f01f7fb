// second.cpp - the second object of hooks.dll: the same macros from C++,
// on functions in a namespace (C++ linkage, no extern "C").
#include "log.h"

namespace second {
int attach() { log_put("second.a"); return true; }
void detach() { log_put("second.d"); }
void thread_attach() { log_put("second.t"); }
void thread_detach() { log_put("second.td"); }
}

CCDLL_ON_PROCESS_ATTACH(second::attach);
CCDLL_ON_PROCESS_DETACH(second::detach);
CCDLL_ON_THREAD_ATTACH(second::thread_attach);
CCDLL_ON_THREAD_DETACH(second::thread_detach);
