#include "stop_worker.h"

void shutdownClient() {
  std::thread Worker(drain);
  stopWorker(Worker);
}
