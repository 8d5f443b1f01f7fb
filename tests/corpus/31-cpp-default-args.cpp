// Default arguments, const member functions and noexcept do not change
// names or decorations; a member template instantiated explicitly.
#define API __declspec(dllexport)
struct API Conf {
  int get(int key, int fallback = 0) const noexcept;
  template <typename T> T as(int key) const { return T(key); }
};
int Conf::get(int key, int fallback) const noexcept { return key + fallback; }
template API double Conf::as<double>(int) const;
extern "C" API int __stdcall conf_default(int a, int b = 2) noexcept;
extern "C" int __stdcall conf_default(int a, int b) noexcept { return a + b; }
