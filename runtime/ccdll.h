/* ccdll.h - what a DLL's sources need: export and import macros, calling
   conventions, attach/detach hooks and a one-time initialisation, the same
   from C and C++, with mingw-w64 GCC and clang.

   Export and import. Each library defines its own API macro, so that its
   header exports while the library is built and imports for its clients:

     // foo.h
     #include <ccdll.h>
     #ifdef BUILDING_FOO            // -DBUILDING_FOO while building foo.dll
     #define FOO_API CCDLL_EXPORT
     #else
     #define FOO_API CCDLL_IMPORT
     #endif
     FOO_API int CCDLL_STDCALL foo_open(const char *name);   // Foo@4 on i386
     FOO_API extern int foo_errors;                          // data

   Hooks. A function registered with a hook macro (at file scope, after the
   function) is called by the cc-dll runtime's DllMain:

     static int open_log(void) { ...; return 1; }  // 0 fails the load
     static void close_log(void) { ... }
     CCDLL_ON_PROCESS_ATTACH(open_log);
     CCDLL_ON_PROCESS_DETACH(close_log);

     CCDLL_ON_PROCESS_ATTACH(fn)  int fn(void): on load, in registration order;
                                  returning 0 fails the load (LoadLibrary
                                  returns NULL, or the program does not start)
     CCDLL_ON_PROCESS_DETACH(fn)  void fn(void): on unload, in reverse order
     CCDLL_ON_THREAD_ATTACH(fn)   void fn(void): in each new thread, in order
     CCDLL_ON_THREAD_DETACH(fn)   void fn(void): as a thread ends, in reverse

   The registration order is the link order of the objects and, within an
   object, the order the macros are written in. When a process attach hook
   fails, the process detach hooks registered before it run (in reverse)
   and none registered after it: register each detach hook after the attach
   hook it undoes. The hooks run under the loader lock, as DllMain does:
   no LoadLibrary, no waiting for other threads (see runtime/README.md).

   cc-dll links the runtime library (libccdll_rt.a) into every DLL whose
   objects define no DllMain (--ccdll-no-runtime: never). A DLL with its own
   DllMain gets no runtime: the hooks registered in it are never called
   (cc-dll warns), and ccdll_once needs -lccdll_rt from the runtime's
   directory. The hook macros exist for GCC and clang, not for MSVC. */
#ifndef CCDLL_H
#define CCDLL_H

/* CCDLL_EXPORT, CCDLL_IMPORT: dllexport and dllimport on Windows targets;
   default visibility and nothing elsewhere, so that a portable header works
   on ELF too. */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(__GNUC__)
#define CCDLL_EXPORT __attribute__((dllexport))
#define CCDLL_IMPORT __attribute__((dllimport))
#else /* MSVC */
#define CCDLL_EXPORT __declspec(dllexport)
#define CCDLL_IMPORT __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define CCDLL_EXPORT __attribute__((visibility("default")))
#define CCDLL_IMPORT
#else
#define CCDLL_EXPORT
#define CCDLL_IMPORT
#endif

/* Calling conventions: they only exist on i386 (elsewhere GCC would warn
   that the attribute is ignored). CCDLL_STDCALL functions are exported as
   Foo and imported as _Foo@N (cc-dll's default). */
#if defined(__i386__) || defined(_M_IX86)
#if defined(__GNUC__)
#define CCDLL_STDCALL __attribute__((stdcall))
#define CCDLL_FASTCALL __attribute__((fastcall))
#define CCDLL_CDECL __attribute__((cdecl))
#else
#define CCDLL_STDCALL __stdcall
#define CCDLL_FASTCALL __fastcall
#define CCDLL_CDECL __cdecl
#endif
#else
#define CCDLL_STDCALL
#define CCDLL_FASTCALL
#define CCDLL_CDECL
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* 
   Hooks (runtime/dllmain.c)
 */

enum {
  CCDLL_HOOK_PROCESS_ATTACH = 1,
  CCDLL_HOOK_PROCESS_DETACH,
  CCDLL_HOOK_THREAD_ATTACH,
  CCDLL_HOOK_THREAD_DETACH
};

/* One registration: attach for process attach hooks, notify for the others. */
typedef struct CcdllHook {
  int kind; /* CCDLL_HOOK_* */
  int (*attach)(void);
  void (*notify)(void);
} CcdllHook;

#if defined(__GNUC__)
/* A hook macro defines two static objects: the registration, and a pointer
   to it placed in the section .ccdllhk$m. The linkers (GNU ld and lld)
   put all input sections .ccdllhk$* into one output section .ccdllhk,
   sorted by the text after '$' (PE/COFF "grouped sections") and in link
   order for equal names, between the runtime's markers in .ccdllhk$a and
   .ccdllhk$z. Nothing has external linkage, so C++ needs no extern "C",
   and the pointers are constant data: no static constructor runs them.
   Pointers rather than the registrations themselves, so that padding a
   linker may put between sections (zeros) reads as a NULL to skip. GCC
   emits a file's variables in any order unless they are no_reorder; clang
   (which has no such attribute) emits them in the order written. The
   section name has 8 characters at most: lld truncates longer ones in the
   image. */
#if defined(__has_attribute)
#if __has_attribute(no_reorder)
#define CCDLL_NO_REORDER_ no_reorder,
#endif
#endif
#ifndef CCDLL_NO_REORDER_
#define CCDLL_NO_REORDER_
#endif
#if defined(__cplusplus) && __cplusplus >= 201103L
#define CCDLL_NULL_ nullptr
#else
#define CCDLL_NULL_ 0
#endif
#define CCDLL_CAT_(a, b) a##b
#define CCDLL_CAT(a, b) CCDLL_CAT_(a, b)
#define CCDLL_HOOK_(kind, attach, notify, id)                                                              \
  static const CcdllHook CCDLL_CAT(ccdll_hook_, id) = {kind, attach, notify};                             \
  static const CcdllHook *const CCDLL_CAT(ccdll_hook_ref_, id) __attribute__((                             \
    section(".ccdllhk$m"), CCDLL_NO_REORDER_ used, aligned(sizeof(void *)))) = &CCDLL_CAT(ccdll_hook_, id)

#define CCDLL_ON_PROCESS_ATTACH(fn) CCDLL_HOOK_(CCDLL_HOOK_PROCESS_ATTACH, fn, CCDLL_NULL_, __COUNTER__)
#define CCDLL_ON_PROCESS_DETACH(fn) CCDLL_HOOK_(CCDLL_HOOK_PROCESS_DETACH, CCDLL_NULL_, fn, __COUNTER__)
#define CCDLL_ON_THREAD_ATTACH(fn) CCDLL_HOOK_(CCDLL_HOOK_THREAD_ATTACH, CCDLL_NULL_, fn, __COUNTER__)
#define CCDLL_ON_THREAD_DETACH(fn) CCDLL_HOOK_(CCDLL_HOOK_THREAD_DETACH, CCDLL_NULL_, fn, __COUNTER__)
#endif

/* 
   One-time initialisation (runtime/once.c)
 */

/* The state of one initialisation; CCDLL_ONCE_INIT before the first call
   (the layout of Windows' INIT_ONCE). */
typedef struct CcdllOnce {
  void *state;
} CcdllOnce;
#define CCDLL_ONCE_INIT {0}

/* Runs fn(arg) once for `once`, however many threads call at the same
   time: the others wait until it has returned. Returns nonzero when the
   initialisation is done (by this call or an earlier one); 0 when fn
   returned 0, and then a later call runs fn again. */
int ccdll_once(CcdllOnce *once, int (*fn)(void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif
