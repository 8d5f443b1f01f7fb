// The attributes hidden behind macros, the way libraries write them.
#if defined(_WIN32) && defined(BUILDING_LIB)
#define LIB_EXPORT __declspec(dllexport)
#elif defined(_WIN32)
#define LIB_EXPORT __declspec(dllexport)
#endif
#define LIB_CALL __stdcall
#define LIB_FUNC(ret, name) LIB_EXPORT ret LIB_CALL name
#define DECLARE_GETTER(type, field) LIB_EXPORT type LIB_CALL get_##field(void *obj)

LIB_FUNC(int, lib_open)(const char *path, int flags) { return path[0] + flags; }
LIB_FUNC(void, lib_close)(int h) { (void)h; }
DECLARE_GETTER(int, width) { return obj != 0; }
DECLARE_GETTER(double, ratio) { return obj != 0; }
