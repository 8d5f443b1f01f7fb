// thread.exe: threads and events of the built-in kernel32.dll, and the
// DLL_THREAD_ATTACH / DLL_THREAD_DETACH calls of tdll.dll.
#include "common.h"

typedef unsigned WINAPI ThreadFn(void *arg);
typedef int WINAPI OnceFn(void **once, void *param, void **context);

IMPORT WINAPI void *CreateThread(void *sec, unsigned stack, ThreadFn *fn, void *arg,
                                 unsigned flags, unsigned *id);
IMPORT WINAPI void ExitThread(unsigned code);
IMPORT WINAPI unsigned ResumeThread(void *thread);
IMPORT WINAPI int GetExitCodeThread(void *thread, unsigned *code);
IMPORT WINAPI unsigned GetCurrentThreadId(void);
IMPORT WINAPI void *CreateEventA(void *sec, int manual, int initial, const char *name);
IMPORT WINAPI void *CreateEventW(void *sec, int manual, int initial, const unsigned short *name);
IMPORT WINAPI int SetEvent(void *event);
IMPORT WINAPI int ResetEvent(void *event);
IMPORT WINAPI int CloseHandle(void *h);
IMPORT WINAPI unsigned WaitForSingleObject(void *h, unsigned ms);
IMPORT WINAPI unsigned WaitForMultipleObjects(unsigned n, void *const *hs, int all, unsigned ms);
IMPORT WINAPI void Sleep(unsigned ms);
IMPORT WINAPI unsigned GetLastError(void);
IMPORT WINAPI void SetLastError(unsigned e);
IMPORT WINAPI int InitOnceExecuteOnce(void **once, OnceFn *fn, void *param, void **context);

IMPORT int TAttaches(void);
IMPORT int TDetaches(void);
IMPORT int TOverlaps(void);
IMPORT unsigned TLastAttach(void);

#define INFINITE 0xffffffffu
enum { N = 8 };

static void *go;
static volatile int counter, once_runs, once_value;
static unsigned ids[N], teb_ids[N], self[N];
static int last_errors[N], once_got[N];
static void *once;

static unsigned fs(unsigned off) {
  unsigned v;
  __asm__ volatile("movl %%fs:(%1), %0" : "=r"(v) : "r"(off));
  return v;
}

static WINAPI int init(void **o, void *param, void **context) {
  (void)o, (void)context;
  __atomic_fetch_add(&once_runs, 1, __ATOMIC_SEQ_CST);
  Sleep(50);   // the others must wait for it
  once_value = *(int *)param;
  return 1;
}

static WINAPI unsigned racer(void *arg) {
  int i = (int)arg;
  SetLastError(1000 + i);
  WaitForSingleObject(go, INFINITE);
  for (int k = 0; k < 1000; k++)
    __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
  ids[i] = GetCurrentThreadId();
  teb_ids[i] = fs(0x24);                   // TEB ClientId.UniqueThread
  self[i] = fs(0x18);                      // NT_TIB Self
  static int answer = 42;
  InitOnceExecuteOnce(&once, init, &answer, 0);
  once_got[i] = once_value;
  last_errors[i] = GetLastError() == (unsigned)(1000 + i);
  return 100 + i;
}

static void leave(unsigned code) { ExitThread(code); }

static WINAPI unsigned exiter(void *arg) {
  (void)arg;
  leave(77);
  return 1;
}

static WINAPI unsigned waiter(void *arg) {
  return WaitForSingleObject(arg, INFINITE) == 0 ? 5 : 6;
}

int start(void) {
  // Events: auto reset, manual reset, timeouts, wait for any.
  void *a = CreateEventA(0, 0, 0, 0), *m = CreateEventW(0, 1, 1, 0);
  show("auto: wait unset", WaitForSingleObject(a, 0));
  SetEvent(a);
  show("auto: wait set", WaitForSingleObject(a, 0));
  show("auto: wait again (reset by the wait)", WaitForSingleObject(a, 0));
  show("manual: wait set", WaitForSingleObject(m, 0));
  show("manual: wait again", WaitForSingleObject(m, 10));
  ResetEvent(m);
  show("manual: wait 30 ms after ResetEvent", WaitForSingleObject(m, 30));
  void *two[2] = { a, m };
  SetEvent(m);
  show("wait for any: index", WaitForMultipleObjects(2, two, 0, INFINITE));
  show("wait for all: timeout", WaitForMultipleObjects(2, two, 1, 20));
  SetEvent(a);
  show("wait for all", WaitForMultipleObjects(2, two, 1, INFINITE));
  show("wait for all: the auto event consumed", WaitForSingleObject(a, 0));
  show("CloseHandle", CloseHandle(a));
  show("CloseHandle again", CloseHandle(a));
  show("wait on a closed handle", (int)WaitForSingleObject(a, 0));
  CloseHandle(m);

  // 8 threads released at once by a manual-reset event.
  go = CreateEventA(0, 1, 0, 0);
  void *t[N];
  unsigned tid[N];
  SetLastError(7);
  for (int i = 0; i < N; i++)
    t[i] = CreateThread(0, 0, racer, (void *)i, 0, &tid[i]);
  unsigned code;
  GetExitCodeThread(t[0], &code);
  show("exit code while waiting (STILL_ACTIVE)", (int)code);
  show("wait for a waiting thread: timeout", WaitForSingleObject(t[0], 20));
  Sleep(50);
  SetEvent(go);
  show("wait for all threads", WaitForMultipleObjects(N, t, 1, INFINITE));
  int codes = 1, idok = 1, tebok = 1, distinct = 1, errs = 1, onceok = 1;
  for (int i = 0; i < N; i++) {
    GetExitCodeThread(t[i], &code);
    codes &= code == 100u + i;
    idok &= ids[i] == tid[i] && ids[i] != GetCurrentThreadId();
    tebok &= teb_ids[i] == ids[i] && self[i] != 0 && self[i] != fs(0x18);
    for (int j = 0; j < i; j++)
      distinct &= ids[i] != ids[j] && self[i] != self[j];
    errs &= last_errors[i];
    onceok &= once_got[i] == 42;
    CloseHandle(t[i]);
  }
  show("exit codes", codes);
  show("thread ids", idok);
  show("each TEB: ClientId, Self", tebok);
  show("distinct ids and TEBs", distinct);
  show("GetLastError per thread", errs && GetLastError() == 7);
  show("main thread TEB", fs(0x24) == GetCurrentThreadId() && fs(0x18) != 0);
  show("counter", counter);
  show("InitOnceExecuteOnce: runs", once_runs);
  show("InitOnceExecuteOnce: every thread got the value", onceok);
  show("thread attaches", TAttaches());
  show("thread detaches", TDetaches());
  show("overlapping DllMain calls", TOverlaps());

  // ExitThread from a nested call; a suspended thread; a thread waiting.
  void *e = CreateThread(0, 0, exiter, 0, 0, 0);
  WaitForSingleObject(e, INFINITE);
  GetExitCodeThread(e, &code);
  show("ExitThread: exit code", (int)code);
  show("ExitThread: detached", TDetaches());
  unsigned sid;
  void *s = CreateThread(0, 0, exiter, 0, 4, &sid);   // CREATE_SUSPENDED
  show("suspended: wait 30 ms", WaitForSingleObject(s, 30));
  show("suspended: not attached yet", TAttaches());
  show("ResumeThread", ResumeThread(s));
  show("resumed: wait", WaitForSingleObject(s, INFINITE));
  show("resumed: attached in the thread", TLastAttach() == sid);
  void *ev = CreateEventA(0, 0, 0, 0);
  void *w = CreateThread(0, 0, waiter, ev, 0, 0);
  show("waiter: wait 20 ms", WaitForSingleObject(w, 20));
  SetEvent(ev);
  show("waiter: wait", WaitForSingleObject(w, INFINITE));
  GetExitCodeThread(w, &code);
  show("waiter: exit code", (int)code);
  show("thread attaches at the end", TAttaches());
  show("thread detaches at the end", TDetaches());
  return 0;
}
