// Single members exported from a class that is not.
#define API __declspec(dllexport)
class Partial {
public:
  API int exported(int a);
  int hidden(int a);
  API static int exported_static(void);
  API static int counter;
};
int Partial::exported(int a) { return a + hidden(a); }
int Partial::hidden(int a) { return a; }
int Partial::exported_static(void) { return 1; }
int Partial::counter = 0;
