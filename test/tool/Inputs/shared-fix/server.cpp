#include "stop_worker.h"

void shutdownServer() {
  std::thread Worker(drain);
  stopWorker(Worker);
}
