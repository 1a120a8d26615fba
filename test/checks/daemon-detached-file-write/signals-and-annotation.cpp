// Threads whose loss is handled: a completion signal after the write, or the
// daemon::discardable annotation; and NOLINT.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs -I%S/../../../include

#include "daemon/discardable.h"
#include "state_store.h"
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

// Near miss: the promise is fulfilled after the write on every path.
void saveThenSignal(std::promise<void> Done) {
  saveState("session.bin", "user");
  Done.set_value();
}
void signalled() {
  std::promise<void> Done;
  std::future<void> Saved = Done.get_future();
  std::thread(saveThenSignal, std::move(Done)).detach();
  Saved.wait();
}

// Signalled on one branch only: the other path can still be cut off.
void saveMaybeSignal(std::promise<void> Done, bool Verbose) {
  saveState("session.bin", "user");
  if (Verbose)
    Done.set_value();
}
void partlySignalled(bool Verbose) {
  std::promise<void> Done;
  std::thread(saveMaybeSignal, std::move(Done), Verbose).detach();
  // CHECK-NOTES: :[[@LINE-1]]:58: warning: detached thread running 'saveMaybeSignal' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: 'saveMaybeSignal' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// The signal comes before the write: it does not cover it.
void signalThenSave(std::promise<void> Done) {
  Done.set_value();
  saveState("late.bin", "x");
}
void signalledTooEarly() {
  std::promise<void> Done;
  std::thread(signalThenSave, std::move(Done)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:48: warning: detached thread running 'signalThenSave' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: 'signalThenSave' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// A condition variable notified after the write also counts.
std::mutex M;
std::condition_variable Cv;
bool Finished = false;
void saveThenNotify() {
  saveState("cv.bin", "y");
  {
    std::lock_guard<std::mutex> Lock(M);
    Finished = true;
  }
  Cv.notify_one();
}
void notified() { std::thread(saveThenNotify).detach(); }

// A stream's destructor runs after set_value() ...
void logThenSignal(std::promise<void> Done) {
  std::ofstream Log("run.log");
  Done.set_value();
}
void destructorAfterSignal() {
  std::promise<void> Done;
  std::thread(logThenSignal, std::move(Done)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: detached thread running 'logThenSignal' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-7]]:17: note: 'logThenSignal' writes to a file when 'Log' is destroyed
}

// ... but not after set_value_at_thread_exit().
void logThenSignalAtExit(std::promise<void> Done) {
  std::ofstream Log("run.log");
  Done.set_value_at_thread_exit();
}
void destructorBeforeExitSignal() {
  std::promise<void> Done;
  std::thread(logThenSignalAtExit, std::move(Done)).detach();
}

// Near miss: disposable work, annotated.
DAEMON_DISCARDABLE void refreshCache() { saveState("cache.bin", "warm"); }
void annotated() {
  std::thread(refreshCache).detach();
  std::thread([]() DAEMON_DISCARDABLE { saveState("tmp.bin", "t"); }).detach();
}

// Near miss: suppressed with NOLINT.
void suppressed() {
  std::thread(refreshCache).detach(); // the annotated one again
  std::thread([] { saveState("x.bin", "x"); }).detach(); // NOLINT(daemon-detached-file-write)
}
