/* client_auto.c - reads a DATA export without dllimport: mingw's
   auto-import. The linker finds __imp_Var in the import library and leaves
   a pseudo-relocation for each reference to Var; the C runtime applies them
   at start-up, and this freestanding program applies them the same way
   (mingw-w64's pseudo-reloc.c, version 2). Exits with 0 when Var is 42. */
__declspec(dllimport) void __stdcall ExitProcess(unsigned status);
__declspec(dllimport) int __stdcall VirtualProtect(void *p, unsigned long size, unsigned long protect,
                                                   unsigned long *old);
extern int Var;
extern char __RUNTIME_PSEUDO_RELOC_LIST__[], __RUNTIME_PSEUDO_RELOC_LIST_END__[];
extern char __ImageBase[];

/* The list: a header {0, 0, 1}, then {symbol, target, flags}: at target
   (an RVA) there is a reference to the __imp_ slot at symbol; it must
   refer to what the slot points at. The low byte of flags is the size in
   bits of the reference. The list is empty where the linker could point
   the reference at the slot itself (lld does so with .refptr stubs). GNU
   ld calls this function by this name when it made the list. */
void _pei386_runtime_relocator(void) {
  unsigned *p = (unsigned *)__RUNTIME_PSEUDO_RELOC_LIST__;
  unsigned *end = (unsigned *)__RUNTIME_PSEUDO_RELOC_LIST_END__;
  if (p == end)
    return;
  if (end - p < 3 || p[0] || p[1] || p[2] != 1)
    ExitProcess(20);
  for (p += 3; p + 3 <= end; p += 3) {
    char *slot = __ImageBase + p[0], *target = __ImageBase + p[1];
    unsigned long old;
    VirtualProtect(target, 8, 0x40 /* PAGE_EXECUTE_READWRITE */, &old);
    long long delta = (long long)*(char **)slot - (long long)slot;
    if ((p[2] & 0xff) == 64)
      *(long long *)target += delta;
    else if ((p[2] & 0xff) == 32)
      *(int *)target += (int)delta;
    else
      ExitProcess(21);
  }
}

void entry(void) {
  _pei386_runtime_relocator();
  ExitProcess(Var == 42 ? 0 : 1);
}
