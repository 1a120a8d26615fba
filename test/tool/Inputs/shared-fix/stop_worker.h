#pragma once
#include <thread>

void drain();

inline void stopWorker(std::thread &Worker) {
  Worker.join();
  Worker.join();
}
