// Every exit() on a detached thread is reported, each exit point once, and
// so is exit() on a thread that is not detached but starts after a detach:
// the detached thread may still run when it ends the process.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++17

#include <cstdlib>
#include <thread>

void worker(int Mode) {
  if (Mode == 1)
    std::exit(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'exit' called on the detached thread running 'worker' runs static destructors and atexit handlers while other threads still run [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+17]]:29: note: thread detached here
  if (Mode == 2)
    std::exit(2);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'exit' called on the detached thread running 'worker' runs static destructors and atexit handlers while other threads still run [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+13]]:29: note: thread detached here
}

void checker() {
  std::exit(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'exit' called on the thread running 'checker' runs static destructors and atexit handlers while the detached thread running 'worker' may still be running [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+8]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE+6]]:29: note: thread detached here
}

void idle() {}

void startThenCheck(int Mode) {
  std::thread(worker, Mode).detach();
  std::thread Checker(checker);
  Checker.join();
}

// Near miss: the thread that calls exit() starts before anything is
// detached.
void checkFirst(int Mode) {
  std::thread Checker(checker);
  Checker.join();
  std::thread(idle).detach();
}

// Near miss: the detach happens on one branch only.
void maybeDetach(bool Background) {
  if (Background)
    std::thread(idle).detach();
  std::thread Checker(checker);
  Checker.join();
}
