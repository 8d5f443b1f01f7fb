/* none.c - nothing exported: no .ccdll section. */
int plain(int x) { return x; }
__declspec(dllexport) int declared_only(int x);
