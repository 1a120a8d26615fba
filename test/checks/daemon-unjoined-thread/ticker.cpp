// Threads with static storage duration are destroyed at exit: still
// joinable, they call std::terminate.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <thread>

void tick();
void flushMetrics();

std::thread Ticker(tick);
// CHECK-NOTES: :[[@LINE-1]]:13: warning: global thread 'Ticker' is never joined; it is destroyed at exit while joinable, which calls std::terminate [daemon-unjoined-thread]

std::thread Flusher;
// CHECK-NOTES: :[[@LINE-1]]:13: warning: global thread 'Flusher' is never joined; it is destroyed at exit while joinable, which calls std::terminate [daemon-unjoined-thread]
// CHECK-NOTES: :[[@LINE+3]]:13: note: thread 'Flusher' started here

void startMetrics() {
  Flusher = std::thread(flushMetrics);
  static std::thread Sampler(tick);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: static thread 'Sampler' is never joined; it is destroyed at exit while joinable, which calls std::terminate [daemon-unjoined-thread]
}

// Near miss: joined before main returns.
std::thread Loader(tick);

// Near miss: detached.
std::thread Beacon(tick);

// Near miss: never started.
std::thread Spare;

int main() {
  startMetrics();
  Beacon.detach();
  Loader.join();
}
