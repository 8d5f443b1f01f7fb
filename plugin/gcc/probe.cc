// probe.cc - can GCC's plugin headers (and the GMP headers they include)
// be compiled here? Tried by CMakeLists.txt before the plugin is built.
#include "gcc-plugin.h"
#include "tree.h"
int plugin_is_GPL_compatible;
int main() { return 0; }
