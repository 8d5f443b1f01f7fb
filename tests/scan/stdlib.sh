#!/bin/sh
# stdlib.sh - C++ that includes the standard library scans for the mingw
# targets: clang 14 does not find Debian's mingw-w64 libstdc++ headers
# (/usr/lib/gcc/TRIPLE/12-win32/include/c++), and ccdll scan passes those
# TRIPLE-g++ lists. A unit including <string>, <vector>, <memory> and <map>
# with exported functions and an exported class is scanned for i686 and
# x86_64 without a message, and its records are those the GCC plugin
# writes for the same file (byte for byte, as in parity.sh), and each
# record's symbol is one the g++ object exports (its -export: directives).
#
# usage: stdlib.sh CCDLL WORK PLUGIN_DIR
#
# PLUGIN_DIR is the build's plugin/gcc, whose plugins.txt lists the
# plugins built ("triple version path" a line).
. "$(dirname "$0")/../common.sh"
usage="usage: stdlib.sh CCDLL WORK PLUGIN_DIR"
ccdll=${1:?$usage}
WORK=${2:?$usage}
plugins=${3:?$usage}/plugins.txt
start
need python3 llvm-readobj
"$ccdll" scan --help | grep -q 'built without libclang' && skip "ccdll was built without libclang"
[ -s "$plugins" ] || skip "the GCC plugin was not built ($plugins)"
export XDG_CACHE_HOME="$WORK/cache"

cat >lib.cpp <<'EOF'
#include <map>
#include <memory>
#include <string>
#include <vector>
#define API __declspec(dllexport)

API std::string greet(const std::string &who) { return "hello, " + who; }
API std::vector<int> range(int n) { return std::vector<int>(n, 1); }
API int __stdcall count(const std::map<std::string, int> &m) { return (int)m.size(); }

class API Registry {
public:
  Registry();
  ~Registry();
  void add(const std::string &name, std::unique_ptr<int> value);
  std::shared_ptr<int> find(const std::string &name) const;
  size_t size() const { return items_.size(); }
private:
  std::map<std::string, std::shared_ptr<int>> items_;
};
Registry::Registry() {}
Registry::~Registry() {}
void Registry::add(const std::string &name, std::unique_ptr<int> value) { items_[name] = std::move(value); }
std::shared_ptr<int> Registry::find(const std::string &name) const {
  auto it = items_.find(name);
  return it == items_.end() ? nullptr : it->second;
}
EOF

# The .ccdll section of a COFF object, without its NUL padding.
section() {
  python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
nsec, opt = struct.unpack_from("<H", d, 2)[0], struct.unpack_from("<H", d, 16)[0]
for i in range(nsec):
    o = 20 + opt + 40 * i
    if d[o:o + 8].rstrip(b"\0") == b".ccdll":
        size, ptr = struct.unpack_from("<II", d, o + 16)
        sys.stdout.write(d[ptr:ptr + size].rstrip(b"\0").decode())
PY
}

# The symbols of an object's export directives, one a line.
directives() {
  llvm-readobj --coff-directives "$1" | tr -d '\000' | sed -n 's/^Directive(s): *//p' | tr ' ' '\n' |
    sed -n 's/^-export:"\{0,1\}\([^",]*\)"\{0,1\}.*/\1/p'
}

checked=0
for triple in i686-w64-mingw32 x86_64-w64-mingw32; do
  command -v $triple-g++ >/dev/null 2>&1 || { echo "$triple-g++ not found"; continue; }
  version=$(basename "$(dirname "$($triple-g++ -print-file-name=plugin)")")
  so=$(awk -v t=$triple -v v="$version" '$1 == t && $2 == v { print $3 }' "$plugins")
  [ -n "$so" ] && [ -f "$so" ] || { echo "$triple-g++ $version: no plugin built"; continue; }
  checked=$((checked + 1))
  $triple-g++ -fplugin="$so" -c lib.cpp -o $triple.o 2>$triple.cc.err ||
    { bad "$triple-g++ -fplugin cannot compile lib.cpp"; head -5 $triple.cc.err; continue; }
  section $triple.o | sed '/^$/d' >$triple.plugin
  if ! "$ccdll" scan --target=$triple lib.cpp >$triple.scan 2>$triple.err || [ -s $triple.err ]; then
    bad "$triple: ccdll scan lib.cpp failed or complained"; head -5 $triple.err; continue
  fi
  if cmp -s $triple.plugin $triple.scan; then
    ok "$triple: $(wc -l <$triple.scan) records, the same as the GCC plugin's"
  else
    bad "$triple: the records differ from the GCC plugin's (< plugin, > scan)"
    diff $triple.plugin $triple.scan | head -10
  fi
  directives $triple.o >$triple.exports
  sed 's/.*"symbol":"\([^"]*\)".*/\1/' $triple.scan >$triple.symbols
  missing=$(grep -Fxvf $triple.exports $triple.symbols)
  [ -s $triple.symbols ] && [ -z "$missing" ] &&
    ok "$triple: each record's symbol is exported by the g++ object" ||
    bad "$triple: records without an export directive in the g++ object: $missing"
done
[ $checked -gt 0 ] || skip "no mingw-w64 g++ with a plugin built"
finish
