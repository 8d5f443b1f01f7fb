// Exported data in C++: globals, namespace members and class statics.
#define API __declspec(dllexport)
API int cpp_global = 1;
API extern const double cpp_pi = 3.14159;
namespace cfg {
API int level = 2;
API const char *name = "cfg";
}
struct API Registry {
  static int size;
  static const int capacity;
  static const char *labels[3];
};
int Registry::size = 0;
const int Registry::capacity = 16;
const char *Registry::labels[3] = {"a", "b", "c"};
