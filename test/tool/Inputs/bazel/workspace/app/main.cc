#include <thread>

#include "worker/worker.h"

int main() {
  std::thread(report_loop, 3).detach();
  std::thread(compute_loop, 1000).detach();
  return 0;
}
