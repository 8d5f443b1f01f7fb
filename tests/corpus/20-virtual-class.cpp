// A polymorphic exported class: its vtable and type info are exported too.
#define API __declspec(dllexport)
class API Shape {
public:
  virtual ~Shape();
  virtual double area() const = 0;
  virtual const char *name() const;
};
class API Square : public Shape {
public:
  explicit Square(double s) : s_(s) {}
  double area() const override;
private:
  double s_;
};
Shape::~Shape() {}
const char *Shape::name() const { return "shape"; }
double Square::area() const { return s_ * s_; }
