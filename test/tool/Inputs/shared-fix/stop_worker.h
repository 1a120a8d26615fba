#pragma once
#include <thread>

void drain();

inline void drainOnce() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join();
}
