#include <thread>

void drain();

void stopWorker() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join();
}
