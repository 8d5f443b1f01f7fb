/* entry.c - a DLL entry point for freestanding DLLs (no C runtime), which
   the PE32 test loader can load: the loader calls DllMain itself. */
int __stdcall DllMain(void *module, unsigned reason, void *reserved) {
  (void)module, (void)reason, (void)reserved;
  return 1;
}
