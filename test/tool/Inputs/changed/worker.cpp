#include <thread>
#include "gate.h"

void drain();

void stopWorker() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join();
}
