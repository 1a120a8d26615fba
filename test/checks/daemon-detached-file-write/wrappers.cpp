// Fire-and-forget helpers: the warning goes to the helper's caller.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

#include "state_store.h"
#include <functional>
#include <thread>
#include <utility>

void fireAndForget(std::function<void()> Task) {
  std::thread(std::move(Task)).detach();
}

// A wrapper of a wrapper.
void runInBackground(std::function<void()> Task) {
  fireAndForget(std::move(Task));
}

// A wrapper that adds its own work around the task.
void runAndLog(std::function<void()> Task) {
  std::thread([Task = std::move(Task)] {
    Task();
    saveState("tasks.log", "done");
  }).detach();
}

void persistSettings() { saveState("settings.ini", "x=1"); }
void noop() {}

void callers() {
  fireAndForget(persistSettings);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'persistSettings' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-22]]:3: note: 'fireAndForget' runs it on a detached thread here
  // CHECK-NOTES: :[[@LINE-7]]:26: note: 'persistSettings' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  runInBackground([] { persistSettings(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running the lambda at wrappers.cpp:36 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-22]]:3: note: 'runInBackground' runs it on a detached thread here
  // CHECK-NOTES: :[[@LINE-3]]:24: note: the lambda at wrappers.cpp:36 calls 'persistSettings'
  // CHECK-NOTES: :[[@LINE-13]]:26: note: 'persistSettings' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  runAndLog(noop);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running the lambda at wrappers.cpp:21 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-23]]:3: note: 'runAndLog' runs it on a detached thread here
  // CHECK-NOTES: :[[@LINE-22]]:5: note: the lambda at wrappers.cpp:21 calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  // Near miss: disposable work through a wrapper.
  fireAndForget(noop);
}

// Near miss: a helper that joins is not a wrapper.
void runAndWait(std::function<void()> Task) {
  std::thread Worker(std::move(Task));
  Worker.join();
}
void waits() { runAndWait(persistSettings); }
