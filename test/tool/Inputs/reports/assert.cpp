#include <cassert>
#include <thread>

void drain();

void stopWorker() {
  std::thread Worker(drain);
  Worker.join();
  assert((Worker.join(), true));
}
