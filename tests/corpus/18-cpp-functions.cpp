// C++ functions: mangled names, overloads, references and namespaces.
#define API __declspec(dllexport)
namespace geo {
struct point { int x, y; };
API int area(int w, int h) { return w * h; }
API double area(double w, double h) { return w * h; }
API int sum(const point &p) { return p.x + p.y; }
API int __stdcall dist(point a, point b) { return a.x - b.x; }
namespace inner {
API int depth(int n) { return n; }
}
}
API int global_fn(int *&p) { return *p; }
