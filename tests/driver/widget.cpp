// widget.cpp - the DLL side of widget.h.
#define BUILDING_WIDGET
#include "widget.h"

int Widget::live = 0;
Widget::Widget(int size) : size_(size) { live++; }
Widget::~Widget() { live--; }
int Widget::size() const { return size_; }
int Widget::area() const { return size_ * size_; }

int __stdcall widget_twice(int x) { return 2 * x; }
int widget_plain(int x) { return x + 1; }
int widget_data = 42;
