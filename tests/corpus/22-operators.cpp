// Operators and conversion functions of an exported class.
#define API __declspec(dllexport)
struct API Num {
  int v;
  Num operator+(const Num &o) const;
  bool operator==(const Num &o) const;
  Num &operator+=(int k);
  explicit operator int() const;
  int operator()(int a, int b) const;
};
Num Num::operator+(const Num &o) const { return Num{v + o.v}; }
bool Num::operator==(const Num &o) const { return v == o.v; }
Num &Num::operator+=(int k) { v += k; return *this; }
Num::operator int() const { return v; }
int Num::operator()(int a, int b) const { return v + a + b; }
