/* log.h - log.dll, the shared log of the runtime tests: the hooks of the
   test DLLs append words to it, the clients print and clear it. Written
   with the API macro pattern of ccdll.h. */
#ifndef LOG_H
#define LOG_H
#include <ccdll.h>

#ifdef BUILDING_LOG
#define LOG_API CCDLL_EXPORT
#else
#define LOG_API CCDLL_IMPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif
LOG_API void log_put(const char *word);   /* appends " word" */
LOG_API const char *log_text(void);
LOG_API void log_clear(void);
#ifdef __cplusplus
}
#endif

#endif
