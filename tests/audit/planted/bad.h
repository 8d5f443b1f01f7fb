/* bad.h - the header the planted artifacts (bad.dll, libbad.a, bad.def,
   old.def) are audited against. A declaration whose artifacts carry a
   planted mismatch names the rule on its line ("expect" and the rule): the audit must report
   that rule there, and nothing else anywhere but the findings audit.sh
   names. */
#define API __declspec(dllimport)

API int __stdcall Good(int a, int b);
API int __stdcall Seven(int a);
API int __stdcall Deco(int a, int b);           /* expect: decoration-mismatch */
API int __stdcall Conv(int a, int b);           /* expect: convention-mismatch */
API int __stdcall Stack(int a, int b);          /* expect: stack-bytes-mismatch */
API int CdeclPops(int a);                       /* expect: callee-pops-cdecl */
API int __stdcall StdNoPop(int a);              /* expect: caller-pops-stdcall */
API int FuncAsData(void);                       /* expect: code-declared-data */
extern API int VarAsCode;                       /* expect: data-declared-code */
API int NotThere(void);                         /* expect: missing-in-artifacts */
API int __stdcall Plain(int a);                 /* expect: undecorated-import-symbol */
API int __stdcall LoaderMissing(int a);         /* expect: loader-name-missing */
API int __stdcall ByOrd(int a);                 /* expect: ordinal-mismatch */
API int __stdcall NewName(int a);               /* expect: export-renamed */
API int __stdcall Redeco(int a, int b, int c);  /* expect: decoration-changed */
API int __stdcall Moved(int a);                 /* expect: ordinal-moved */
API int KindChanged(void);                      /* expect: kind-changed */
extern API int Counter;
