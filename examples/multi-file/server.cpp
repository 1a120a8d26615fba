#include "server.h"
#include <chrono>
#include <thread>

void Server::run() {
  for (int Tick = 0;; ++Tick) {
    sendReport("tick " + std::to_string(Tick));
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}
