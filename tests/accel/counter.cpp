// counter.cpp - an exported C++ class: constructor, virtual functions, a
// stdcall member and static data.
#include "accel.h"

int Counter::made = 0;

Counter::Counter(int start) : value(start) { made++; }

Counter::~Counter() {}

int Counter::next() { return ++value; }

int __stdcall Counter::peek() const { return value; }
