/* other.c - the DLL that testdll.dll forwards two exports to. */
int Target(int x) { return x * 10; }
int Third(void) { return 3; }

int __stdcall DllMain(void *module, unsigned reason, void *reserved) {
  (void)module, (void)reason, (void)reserved;
  return 1;
}
