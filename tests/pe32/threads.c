// threads.c - threads for the PE32 test loader: the loader lock, each
// thread's TEB (reached through FS, as Windows i386 code expects), and the
// built-in kernel32 functions for threads, events and waits.
//
// A Windows thread is a pthread. Before its entry point runs it gets a TEB
// of its own (set_thread_area: one GDT TLS entry, the same number in every
// thread, whose base each thread sets to its own TEB; FS holds its
// selector; glibc uses GS, so the two do not meet), then, under the loader
// lock, DllMain(DLL_THREAD_ATTACH) of every attached DLL in initialisation
// order; when the entry returns (or the thread calls ExitThread),
// DllMain(DLL_THREAD_DETACH) in reverse order, then the thread's handle
// becomes signalled. The main thread gets its TEB in threads_init.
//
// Handles: small multiples of 4 into a table of objects (threads and
// events). All object state is guarded by one mutex and one condition
// variable (waits wake on every change and look again): simple, and enough
// for tests. Objects are never freed (CloseHandle only closes the handle).
#define _GNU_SOURCE   // pthread_getattr_np
#include "pe32load.h"

#include <asm/ldt.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WINAPI __attribute__((stdcall, force_align_arg_pointer))

typedef uint32_t DWORD;
typedef int BOOL;
typedef void *HANDLE;

enum {
  INFINITE = 0xffffffffu,
  WAIT_OBJECT_0 = 0,
  WAIT_TIMEOUT = 258,
  WAIT_FAILED = 0xffffffffu,
  STILL_ACTIVE = 259,
  CREATE_SUSPENDED = 4,
  ERROR_INVALID_HANDLE = 6,
  ERROR_NOT_ENOUGH_MEMORY = 8,
  ERROR_INVALID_PARAMETER = 87,
  MAX_HANDLES = 4096,
  MAXIMUM_WAIT_OBJECTS = 64,
};

// The start of a TEB (winternl.h's TEB / NT_TIB, i386 offsets).
typedef struct {
  uint32_t exception_list;       // 0x00: -1, no SEH frame
  void *stack_base;              // 0x04: the top of the stack
  void *stack_limit;             // 0x08
  uint32_t subsystem_tib, fiber_data, arbitrary;
  void *self;                    // 0x18: the TEB's linear address
  uint32_t environment;
  uint32_t pid, tid;             // 0x20: ClientId
  uint32_t rpc_handle;
  void *tls_pointer;             // 0x2c
  void *peb;                     // 0x30
  DWORD last_error;              // 0x34: LastErrorValue
  uint8_t rest[0x1000 - 0x38];
} Teb;
_Static_assert(sizeof(Teb) == 0x1000, "one page");

typedef enum { OBJ_THREAD = 1, OBJ_EVENT } ObjType;

typedef struct {
  ObjType type;
  bool signalled;                // a thread: it has ended
  bool manual;                   // an event: manual reset
  // Threads:
  void *entry, *arg;
  DWORD id, exit_code;
  int suspended;                 // CREATE_SUSPENDED until ResumeThread
  Teb *teb;
  jmp_buf exit_jmp;              // ExitThread goes back to thread_main
  int tramp_depth;
} Object;

static pthread_mutex_t lock_mutex;   // the loader lock (recursive)
static pthread_mutex_t obj_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t obj_cond;      // on CLOCK_MONOTONIC
static Object *handles[MAX_HANDLES]; // handle (i + 1) * 4
static DWORD next_id = 4;
static int fs_entry = -1;            // the GDT TLS entry FS selects
static uint8_t peb[0x1000];
static __thread Teb *my_teb;
static __thread Object *my_thread;   // NULL in the main thread

void loader_lock(void) { pthread_mutex_lock(&lock_mutex); }
void loader_unlock(void) { pthread_mutex_unlock(&lock_mutex); }

DWORD *thread_last_error(void) { return &my_teb->last_error; }

// Points FS at a new TEB for the calling thread.
static Teb *set_teb(DWORD id) {
  Teb *teb = xmalloc(sizeof *teb);
  memset(teb, 0, sizeof *teb);
  teb->exception_list = 0xffffffffu;
  teb->self = teb;
  teb->pid = (uint32_t)getpid();
  teb->tid = id;
  teb->peb = peb;
  pthread_attr_t a;
  void *stack;
  size_t size;
  if (!pthread_getattr_np(pthread_self(), &a)) {
    if (!pthread_attr_getstack(&a, &stack, &size)) {
      teb->stack_limit = stack;
      teb->stack_base = (uint8_t *)stack + size;
    }
    pthread_attr_destroy(&a);
  }
  struct user_desc d = {
    .entry_number = (unsigned)fs_entry, .base_addr = (uint32_t)(uintptr_t)teb,
    .limit = sizeof *teb - 1, .seg_32bit = 1, .useable = 1,
  };
  if (syscall(SYS_set_thread_area, &d) != 0) {
    error("set_thread_area: %s", strerror(errno));
    loader_exit(1);
  }
  fs_entry = (int)d.entry_number;   // the first call (main thread) picks it
  uint16_t sel = (uint16_t)(d.entry_number * 8 + 3);
  __asm__ volatile("movw %0, %%fs" : : "r"(sel) : "memory");
  my_teb = teb;
  return teb;
}

// The main thread's TEB, the loader lock, the wait clock.
void threads_init(void) {
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&lock_mutex, &ma);
  pthread_mutexattr_destroy(&ma);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&obj_cond, &ca);
  pthread_condattr_destroy(&ca);
  set_teb(next_id);
  next_id += 4;
}

// Calls DllMain(reason) of every attached DLL, under the loader lock:
// DLL_THREAD_ATTACH (2) in initialisation order, DLL_THREAD_DETACH (3) in
// reverse.
static void notify_dlls(uint32_t reason) {
  loader_lock();
  for (int k = 0; k < loader->ninit; k++) {
    Module *m = loader->init[reason == 2 ? k : loader->ninit - 1 - k];
    if (!m->attached || !m->entry || m->no_thread_calls)
      continue;
    verbose("DllMain(%s, %s)", m->name, reason == 2 ? "DLL_THREAD_ATTACH" : "DLL_THREAD_DETACH");
    tramp_call_dllmain(m, reason, NULL);
  }
  loader_unlock();
}

static Object *new_object(ObjType type) {
  Object *o = xmalloc(sizeof *o);
  memset(o, 0, sizeof *o);
  o->type = type;
  return o;
}

// Returns a handle for o (NULL when the table is full).
static HANDLE add_handle(Object *o) {
  pthread_mutex_lock(&obj_mutex);
  HANDLE h = NULL;
  for (int i = 0; i < MAX_HANDLES && !h; i++)
    if (!handles[i]) {
      handles[i] = o;
      h = (HANDLE)(uintptr_t)((i + 1) * 4);
    }
  pthread_mutex_unlock(&obj_mutex);
  return h;
}

// The object of h; obj_mutex held.
static Object *object_of(HANDLE h) {
  uintptr_t v = (uintptr_t)h;
  if (v & 3 || v < 4 || v > MAX_HANDLES * 4)
    return NULL;
  return handles[v / 4 - 1];
}

static void *thread_main(void *p) {
  Object *t = p;
  my_thread = t;
  pthread_mutex_lock(&obj_mutex);
  while (t->suspended)
    pthread_cond_wait(&obj_cond, &obj_mutex);
  pthread_mutex_unlock(&obj_mutex);
  t->teb = set_teb(t->id);
  notify_dlls(2);
  DWORD code;
  t->tramp_depth = tramp_depth();
  if (setjmp(t->exit_jmp)) {
    tramp_set_depth(t->tramp_depth);
    code = t->exit_code;
  } else {
    code = tramp_call_thread(t->entry, t->arg);
  }
  notify_dlls(3);
  pthread_mutex_lock(&obj_mutex);
  t->exit_code = code;
  t->signalled = true;
  pthread_cond_broadcast(&obj_cond);
  pthread_mutex_unlock(&obj_mutex);
  return NULL;
}

static WINAPI HANDLE CreateThread(void *security, size_t stack_size, void *entry, void *arg,
                                  DWORD flags, DWORD *id) {
  (void)security;
  if (!entry || flags & ~(DWORD)(CREATE_SUSPENDED | 0x10000)) {   // STACK_SIZE_PARAM_IS_A_RESERVATION
    my_teb->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  Object *t = new_object(OBJ_THREAD);
  t->entry = entry;
  t->arg = arg;
  t->exit_code = STILL_ACTIVE;
  t->suspended = flags & CREATE_SUSPENDED ? 1 : 0;
  HANDLE h = add_handle(t);
  if (!h) {
    my_teb->last_error = ERROR_NOT_ENOUGH_MEMORY;
    return NULL;
  }
  pthread_mutex_lock(&obj_mutex);
  t->id = next_id;
  next_id += 4;
  pthread_mutex_unlock(&obj_mutex);
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  if (stack_size > 8u << 20)
    pthread_attr_setstacksize(&a, stack_size + (1u << 20));
  pthread_t pt;
  int e = pthread_create(&pt, &a, thread_main, t);
  pthread_attr_destroy(&a);
  if (e) {
    pthread_mutex_lock(&obj_mutex);
    handles[(uintptr_t)h / 4 - 1] = NULL;
    pthread_mutex_unlock(&obj_mutex);
    my_teb->last_error = ERROR_NOT_ENOUGH_MEMORY;
    return NULL;
  }
  verbose("CreateThread: thread %u", t->id);
  if (id)
    *id = t->id;
  return h;
}

static WINAPI DWORD ResumeThread(HANDLE h) {
  pthread_mutex_lock(&obj_mutex);
  Object *t = object_of(h);
  DWORD r = (DWORD)-1;
  if (t && t->type == OBJ_THREAD) {
    r = (DWORD)t->suspended;
    if (t->suspended && !--t->suspended)
      pthread_cond_broadcast(&obj_cond);
  } else {
    my_teb->last_error = ERROR_INVALID_HANDLE;
  }
  pthread_mutex_unlock(&obj_mutex);
  return r;
}

// Leaves the thread's entry point (for good) with status code.
static WINAPI void ExitThread(DWORD code) {
  Object *t = my_thread;
  if (!t) {   // the main thread: Windows would go on with the others
    verbose("ExitThread(%u) in the main thread: the process exits", code);
    loader_exit((int)code);
  }
  t->exit_code = code;
  longjmp(t->exit_jmp, 1);
}

static WINAPI BOOL GetExitCodeThread(HANDLE h, DWORD *code) {
  pthread_mutex_lock(&obj_mutex);
  Object *t = object_of(h);
  bool ok = t && t->type == OBJ_THREAD && code;
  if (ok)
    *code = t->signalled ? t->exit_code : STILL_ACTIVE;
  pthread_mutex_unlock(&obj_mutex);
  if (!ok)
    my_teb->last_error = ERROR_INVALID_HANDLE;
  return ok;
}

static WINAPI DWORD GetCurrentThreadId(void) { return my_teb->tid; }
static WINAPI DWORD GetCurrentProcessId(void) { return my_teb->pid; }

static WINAPI HANDLE CreateEventA(void *security, BOOL manual, BOOL initial, const char *name) {
  (void)security;
  if (name) {   // named events would be shared with other processes
    my_teb->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  Object *e = new_object(OBJ_EVENT);
  e->manual = manual != 0;
  e->signalled = initial != 0;
  HANDLE h = add_handle(e);
  if (!h)
    my_teb->last_error = ERROR_NOT_ENOUGH_MEMORY;
  return h;
}

static WINAPI HANDLE CreateEventW(void *security, BOOL manual, BOOL initial, const uint16_t *name) {
  return CreateEventA(security, manual, initial, name ? "" : NULL);
}

static BOOL set_event(HANDLE h, bool state) {
  pthread_mutex_lock(&obj_mutex);
  Object *e = object_of(h);
  bool ok = e && e->type == OBJ_EVENT;
  if (ok) {
    e->signalled = state;
    if (state)
      pthread_cond_broadcast(&obj_cond);
  }
  pthread_mutex_unlock(&obj_mutex);
  if (!ok)
    my_teb->last_error = ERROR_INVALID_HANDLE;
  return ok;
}

static WINAPI BOOL SetEvent(HANDLE h) { return set_event(h, true); }
static WINAPI BOOL ResetEvent(HANDLE h) { return set_event(h, false); }

static WINAPI BOOL CloseHandle(HANDLE h) {
  pthread_mutex_lock(&obj_mutex);
  bool ok = object_of(h) != NULL;
  if (ok)
    handles[(uintptr_t)h / 4 - 1] = NULL;
  pthread_mutex_unlock(&obj_mutex);
  if (!ok)
    my_teb->last_error = ERROR_INVALID_HANDLE;
  return ok;
}

// Waits for one (all false) or all (all true) of hs; a satisfied wait
// resets the auto-reset events it consumed. Returns WAIT_OBJECT_0 + index
// (of the first signalled one, or 0 for all), WAIT_TIMEOUT or WAIT_FAILED.
static DWORD wait_for(DWORD n, HANDLE const *hs, bool all, DWORD ms) {
  if (n == 0 || n > MAXIMUM_WAIT_OBJECTS || !hs) {
    my_teb->last_error = ERROR_INVALID_PARAMETER;
    return WAIT_FAILED;
  }
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += ms / 1000;
  until.tv_nsec += (long)(ms % 1000) * 1000000;
  if (until.tv_nsec >= 1000000000) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000;
  }
  Object *objs[MAXIMUM_WAIT_OBJECTS];
  pthread_mutex_lock(&obj_mutex);
  for (DWORD i = 0; i < n; i++)
    if (!(objs[i] = object_of(hs[i]))) {
      pthread_mutex_unlock(&obj_mutex);
      my_teb->last_error = ERROR_INVALID_HANDLE;
      return WAIT_FAILED;
    }
  DWORD r;
  for (;;) {
    DWORD ready = 0, first = n;
    for (DWORD i = 0; i < n; i++)
      if (objs[i]->signalled) {
        ready++;
        if (first == n)
          first = i;
      }
    if (all ? ready == n : ready > 0) {
      for (DWORD i = 0; i < n; i++)
        if ((all || i == first) && objs[i]->type == OBJ_EVENT && !objs[i]->manual)
          objs[i]->signalled = false;
      r = WAIT_OBJECT_0 + (all ? 0 : first);
      break;
    }
    if (ms == 0) {
      r = WAIT_TIMEOUT;
      break;
    }
    if (ms == INFINITE)
      pthread_cond_wait(&obj_cond, &obj_mutex);
    else if (pthread_cond_timedwait(&obj_cond, &obj_mutex, &until) == ETIMEDOUT)
      ms = 0;   // look once more, then time out
  }
  pthread_mutex_unlock(&obj_mutex);
  return r;
}

static WINAPI DWORD WaitForSingleObject(HANDLE h, DWORD ms) { return wait_for(1, &h, false, ms); }

static WINAPI DWORD WaitForMultipleObjects(DWORD n, HANDLE const *hs, BOOL all, DWORD ms) {
  return wait_for(n, hs, all != 0, ms);
}

static WINAPI void Sleep(DWORD ms) {
  struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };
  if (ms == 0)
    sched_yield();
  else
    while (nanosleep(&ts, &ts) && errno == EINTR) {}
}

static WINAPI BOOL DisableThreadLibraryCalls(void *module) {
  loader_lock();
  Module *m = imports_module_at(module);
  if (m)
    m->no_thread_calls = true;
  loader_unlock();
  return m != NULL;
}

// The state is ours: 0, 1 while a caller runs fn, then 2 | the context.
// Other callers wait for the one running; a failed run puts back 0, and
// the next caller runs fn in its turn.
typedef __attribute__((stdcall)) BOOL InitOnceFn(void **once, void *param, void **context);
static pthread_mutex_t once_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t once_cond = PTHREAD_COND_INITIALIZER;

static WINAPI BOOL InitOnceExecuteOnce(void **once, InitOnceFn *fn, void *param, void **context) {
  pthread_mutex_lock(&once_mutex);
  for (;;) {
    uintptr_t v = (uintptr_t)*once;
    if ((v & 3) == 2) {
      pthread_mutex_unlock(&once_mutex);
      if (context)
        *context = (void *)(v & ~(uintptr_t)3);
      return 1;
    }
    if (v == 0)
      break;
    pthread_cond_wait(&once_cond, &once_mutex);
  }
  *once = (void *)1;
  pthread_mutex_unlock(&once_mutex);
  void *ctx = NULL;
  BOOL ok = fn(once, param, &ctx);
  pthread_mutex_lock(&once_mutex);
  *once = ok ? (void *)(((uintptr_t)ctx & ~(uintptr_t)3) | 2) : NULL;
  pthread_cond_broadcast(&once_cond);
  pthread_mutex_unlock(&once_mutex);
  if (ok && context)
    *context = ctx;
  return ok != 0;
}

#define FN(f) { #f, (void *)(uintptr_t)f }
static const struct { const char *name; void *addr; } functions[] = {
  FN(CloseHandle), FN(CreateEventA), FN(CreateEventW), FN(CreateThread),
  FN(DisableThreadLibraryCalls), FN(ExitThread), FN(GetCurrentProcessId),
  FN(GetCurrentThreadId), FN(GetExitCodeThread), FN(InitOnceExecuteOnce),
  FN(ResetEvent), FN(ResumeThread), FN(SetEvent), FN(Sleep),
  FN(WaitForMultipleObjects), FN(WaitForSingleObject),
};

// Returns the built-in thread function called name, or NULL.
void *threads_lookup(const char *name) {
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
    if (!strcmp(functions[i].name, name))
      return functions[i].addr;
  return NULL;
}
