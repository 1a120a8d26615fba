#include <thread>

void drain();

void suppressedOnTheLine() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join(); // NOLINT
}

void suppressedByName() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join(); // NOLINT(daemon-join-detach-misuse)
}

void suppressedFromTheLineBefore() {
  std::thread Worker(drain);
  Worker.join();
  // NOLINTNEXTLINE(daemon-*)
  Worker.join();
}

// NOLINTBEGIN(daemon-join-detach-misuse)
void suppressedInABlock() {
  std::thread Worker(drain);
  Worker.detach();
  Worker.detach();
}
// NOLINTEND(daemon-join-detach-misuse)

void otherCheckNamed() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join(); // NOLINT(bugprone-use-after-move)
}
// CHECK: nolint.cpp:35:10: warning: 'join' on thread 'Worker', which was already joined
// CHECK: nolint.cpp:34:10: note: thread 'Worker' joined here
