// An exported class: every member function, its static data, inline members
// and the implicit special members the compiler emits.
#define API __declspec(dllexport)
class API Widget {
public:
  Widget(int w);
  ~Widget();
  int width() const;
  int height() const { return h_; }
  static Widget *create(int w);
  static int count;
  void __stdcall resize(int w, int h);
private:
  int w_, h_;
};
int Widget::count = 0;
Widget::Widget(int w) : w_(w), h_(0) { count++; }
Widget::~Widget() { count--; }
int Widget::width() const { return w_; }
Widget *Widget::create(int w) { return new Widget(w); }
void __stdcall Widget::resize(int w, int h) { w_ = w; h_ = h; }
