// Helpers that join or detach the thread object they are given count as
// that join or detach at the call.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <thread>

void drainQueue();

void stop(std::thread &Worker) { Worker.join(); }
void release(std::thread *Worker) { Worker->detach(); }
void stopIfRunning(std::thread &Worker) {
  if (Worker.joinable())
    Worker.join();
}
void shutdown(std::thread &Worker) { stop(Worker); }

void stopThenJoin() {
  std::thread Drainer(drainQueue);
  stop(Drainer);
  Drainer.join();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'join' on thread 'Drainer', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Drainer' joined here
  // CHECK-FIXES: {{^}}  stop(Drainer);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

void joinThenStop() {
  std::thread Drainer(drainQueue);
  Drainer.join();
  stop(Drainer);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stop' joins thread 'Drainer', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-23]]:41: note: 'stop' joins 'Drainer' here
  // CHECK-NOTES: :[[@LINE-4]]:11: note: thread 'Drainer' joined here
}

void releaseThenJoin() {
  std::thread Drainer(drainQueue);
  release(&Drainer);
  Drainer.join();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'join' on thread 'Drainer', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Drainer' detached here
}

void shutdownTwice() {
  std::thread Drainer(drainQueue);
  shutdown(Drainer);
  shutdown(Drainer);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'shutdown' joins thread 'Drainer', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-34]]:38: note: 'shutdown' joins 'Drainer' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread 'Drainer' joined here
}

// Near miss: the helper checks joinable() first, so calling it twice is
// fine.
void stopIfRunningTwice() {
  std::thread Drainer(drainQueue);
  stopIfRunning(Drainer);
  stopIfRunning(Drainer);
}

// Near miss: a helper that may join or not.
void stopWhenAsked(std::thread &Worker, bool Asked) {
  if (Asked)
    Worker.join();
}
void maybeStopThenJoin(bool Asked) {
  std::thread Drainer(drainQueue);
  stopWhenAsked(Drainer, Asked);
  Drainer.join();
}

// Near miss: a helper that restarts the thread it is given.
void restart(std::thread &Worker) {
  Worker.join();
  Worker = std::thread(drainQueue);
}
void restartThenJoin() {
  std::thread Drainer(drainQueue);
  restart(Drainer);
  Drainer.join();
}

// Near miss: a helper whose body is not visible.
void stopElsewhere(std::thread &Worker);
void unknownThenJoin() {
  std::thread Drainer(drainQueue);
  stopElsewhere(Drainer);
  Drainer.join();
}
