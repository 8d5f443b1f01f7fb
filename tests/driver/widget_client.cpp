// widget_client.cpp - uses everything widget.dll exports; exits with 0
// when each gives its value, else the number of the first failed check.
#include "widget.h"

int main() {
  Widget *w = new Widget(6);
  int failed = 0;
  if (w->size() != 6)
    failed = 1;
  else if (w->area() != 36)
    failed = 2;
  else if (Widget::live != 1)
    failed = 3;
  else if (widget_twice(21) != 42)
    failed = 4;
  else if (widget_plain(41) != 42)
    failed = 5;
  else if (widget_data != 42)
    failed = 6;
  delete w;
  if (!failed && Widget::live != 0)
    failed = 7;
  return failed;
}
