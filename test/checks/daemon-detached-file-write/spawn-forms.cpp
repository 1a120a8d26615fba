// Every way a C++ program starts a detached thread that persists state.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

#include "state_store.h"
#include <pthread.h>
#include <thread>
#include <vector>

void checkpoint() { saveState("checkpoint.bin", "state"); }

void namedThread() {
  std::thread Saver(checkpoint);
  Saver.detach();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: detached thread running 'checkpoint' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-7]]:21: note: 'checkpoint' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void temporaryThread() { std::thread(checkpoint).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:50: warning: detached thread running 'checkpoint' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-13]]:21: note: 'checkpoint' calls 'saveState'
// CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)

class Journal {
public:
  void start() { Flusher = std::thread(checkpoint); }
  void release() { Flusher.detach(); }
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: detached thread running 'checkpoint' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:28: note: thread created here
  // CHECK-NOTES: :[[@LINE-22]]:21: note: 'checkpoint' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)

private:
  std::thread Flusher;
};

void threadPool() {
  std::vector<std::thread> Pool;
  for (int I = 0; I < 4; ++I)
    Pool.emplace_back(checkpoint);
  for (std::thread &Worker : Pool)
    Worker.detach();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: detached thread running 'checkpoint' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
    // CHECK-NOTES: :[[@LINE-4]]:10: note: thread created here
    // CHECK-NOTES: :[[@LINE-37]]:21: note: 'checkpoint' calls 'saveState'
    // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void *checkpointRoutine(void *) {
  checkpoint();
  return nullptr;
}

void pthreadDetached() {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, checkpointRoutine, nullptr);
  pthread_detach(Tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'checkpointRoutine' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-10]]:3: note: 'checkpointRoutine' calls 'checkpoint'
  // CHECK-NOTES: :[[@LINE-53]]:21: note: 'checkpoint' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void pthreadAttribute() {
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_t Tid;
  pthread_create(&Tid, &Attr, checkpointRoutine, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'checkpointRoutine' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-22]]:3: note: 'checkpointRoutine' calls 'checkpoint'
  // CHECK-NOTES: :[[@LINE-65]]:21: note: 'checkpoint' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void *selfDetaching(void *) {
  pthread_detach(pthread_self());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'selfDetaching' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE+10]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE+3]]:3: note: 'selfDetaching' calls 'checkpoint'
  // CHECK-NOTES: :[[@LINE-74]]:21: note: 'checkpoint' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  checkpoint();
  return nullptr;
}

void pthreadSelf() {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, selfDetaching, nullptr);
}

// Near miss: joined, in every form.
void joinedThreads() {
  std::thread Saver(checkpoint);
  Saver.join();
  pthread_t Tid;
  pthread_create(&Tid, nullptr, checkpointRoutine, nullptr);
  pthread_join(Tid, nullptr);
}

// Near miss: the detach is for the second thread, which does nothing.
void idle();
void reusedHolder() {
  std::thread Worker(checkpoint);
  Worker.join();
  Worker = std::thread(idle);
  Worker.detach();
}
