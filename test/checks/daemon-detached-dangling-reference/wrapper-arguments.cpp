// A pointer to a local handed to a spawner wrapper as the thread's argument,
// not as its function: the wrapper passes it on to a thread it detaches.
// RUN: %check_daemon %s daemon-detached-dangling-reference %t -- -std=c++17

#include <pthread.h>
#include <thread>

struct Sync {
  int Ready = 0;
};

static void startThread(void *(*Fn)(void *), void *Arg) {
  pthread_t T;
  pthread_create(&T, nullptr, Fn, Arg);
  pthread_detach(T);
}

template <typename F, typename A> void spawn(F Fn, A *Arg) {
  std::thread(Fn, Arg).detach();
}

// A wrapper of a wrapper hands its argument on too.
static void startNamed(const char *, void *(*Fn)(void *), void *Arg) {
  startThread(Fn, Arg);
}

// Near miss: the wrapper hands the thread a copy, not what it was given.
static void startWithCopy(void *(*Fn)(void *), void *Arg) {
  pthread_t T;
  pthread_create(&T, nullptr, Fn, new Sync(*static_cast<Sync *>(Arg)));
  pthread_detach(T);
}

void *worker(void *Arg) {
  static_cast<Sync *>(Arg)->Ready = 1;
  return nullptr;
}

void use(Sync *S) { S->Ready = 2; }

void startWorker() {
  Sync S;
  startThread(worker, &S);
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: detached thread running 'worker' receives a pointer to 'S'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-31]]:3: note: 'startThread' runs it on a detached thread here
}

void startUser() {
  Sync S;
  spawn(use, &S);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: detached thread running 'use' receives a pointer to 'S'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-33]]:3: note: 'spawn' runs it on a detached thread here
}

void startThroughTwo() {
  Sync S;
  startNamed("sync", worker, &S);
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: detached thread running 'worker' receives a pointer to 'S'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-35]]:3: note: 'startNamed' runs it on a detached thread here
}

// Near misses: a static, and a copy made by the wrapper.
static Sync Shared;
void startShared() { startThread(worker, &Shared); }

void startCopied() {
  Sync S;
  startWithCopy(worker, &S);
}
