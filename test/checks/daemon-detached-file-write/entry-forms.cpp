// Every way to name what a detached thread runs.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

#include "state_store.h"
#include <functional>
#include <pthread.h>
#include <thread>

void exportReport(int Id) { saveState("report.csv", "id"); }

void functionPointer() {
  void (*Export)(int) = &exportReport;
  std::thread(Export, 7).detach();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: detached thread running 'exportReport' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-6]]:29: note: 'exportReport' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void lambda() {
  std::thread([] { saveState("cache.bin", "warm"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:55: warning: detached thread running the lambda at entry-forms.cpp:21 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: the lambda at entry-forms.cpp:21 calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void lambdaStoredFirst() {
  auto Persist = [](int Id) { exportReport(Id); };
  std::thread Worker(Persist, 3);
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread running the lambda at entry-forms.cpp:28 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:31: note: the lambda at entry-forms.cpp:28 calls 'exportReport'
  // CHECK-NOTES: :[[@LINE-24]]:29: note: 'exportReport' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

struct Snapshotter {
  void operator()() const { saveState("snapshot.bin", "all"); }
};

void functor() {
  Snapshotter Snap;
  std::thread(Snap).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: detached thread running 'Snapshotter::operator()' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-7]]:29: note: 'Snapshotter::operator()' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

class Archiver {
public:
  void archive() { saveState("archive.tar", "files"); }
  void startInBackground() { std::thread(&Archiver::archive, this).detach(); }
  // CHECK-NOTES: :[[@LINE-1]]:68: warning: detached thread running 'Archiver::archive' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'Archiver::archive' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
};

void boundFunction() {
  std::thread(std::bind(exportReport, 9)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: detached thread running 'exportReport' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-52]]:29: note: 'exportReport' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void stdFunction() {
  std::function<void()> Task = [] { exportReport(1); };
  std::thread(Task).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: detached thread running the lambda at entry-forms.cpp:67 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:37: note: the lambda at entry-forms.cpp:67 calls 'exportReport'
  // CHECK-NOTES: :[[@LINE-61]]:29: note: 'exportReport' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// Near miss: a callable chosen at run time is not resolved.
void chosenAtRunTime(void (*Task)(int)) { std::thread(Task, 1).detach(); }

// Near miss: a pointer reassigned after its initialisation is not trusted.
void noop(int);
void reassignedPointer(bool Quiet) {
  void (*Task)(int) = &exportReport;
  if (Quiet)
    Task = &noop;
  std::thread(Task, 2).detach();
}

// A captureless lambda converted to pthread_create's entry pointer.
void pthreadLambda() {
  pthread_t Exporter;
  pthread_create(&Exporter, nullptr, [](void *) -> void * {
    exportReport(4);
    return nullptr;
  }, nullptr);
  pthread_detach(Exporter);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running the lambda at entry-forms.cpp:90 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the lambda at entry-forms.cpp:90 calls 'exportReport'
  // CHECK-NOTES: :[[@LINE-88]]:29: note: 'exportReport' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// Near miss: the same lambda thread is joined.
void pthreadLambdaJoined() {
  pthread_t Exporter;
  pthread_create(&Exporter, nullptr, [](void *) -> void * {
    exportReport(5);
    return nullptr;
  }, nullptr);
  pthread_join(Exporter, nullptr);
}
