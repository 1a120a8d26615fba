// Detached threads that lose nothing when killed: pure computation, and
// work marked disposable. main returns without waiting: silent.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++17 -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-exit-with-running-threads %t -- -std=c++17 -I%S/../../../include

#include "daemon/discardable.h"
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<long> Warmth{0};

void warmCaches() {
  for (int I = 0; I < 1000000; ++I)
    Warmth += I;
}

DAEMON_DISCARDABLE void heartbeat() {
  for (;;)
    std::puts("alive");
}

int main() {
  std::thread(warmCaches).detach();
  std::thread(heartbeat).detach();
  return 0;
}
