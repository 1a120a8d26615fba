// Workers that detach themselves, and a thread pool helper that detaches
// what it is given: the statics they touch are destroyed at exit.
// RUN: %check_daemon %s daemon-detached-static-destruction %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-static-destruction %t -- -std=c++17

#include <functional>
#include <pthread.h>
#include <string>
#include <thread>
#include <unordered_map>

namespace audit {
std::unordered_map<std::string, int> Seen;
std::string Banner = "audit";
} // namespace audit

// Uses before the self-detach happen while the creator could still wait;
// only the use after it is reported.
void *auditWorker(void *) {
  audit::Banner += "!";
  pthread_detach(pthread_self());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'auditWorker' uses 'audit::Seen', which is destroyed at exit while the thread may still be using it [daemon-detached-static-destruction]
  // CHECK-NOTES: :[[@LINE+9]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE+2]]:10: note: 'auditWorker' uses 'audit::Seen' here
  // CHECK-NOTES: :[[@LINE-12]]:38: note: 'audit::Seen' has static storage duration and a non-trivial destructor
  audit::Seen["started"] = 1;
  return nullptr;
}

void startAudit() {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, auditWorker, nullptr);
}

// Only before the self-detach: silent.
void *greeter(void *) {
  audit::Banner += "?";
  pthread_detach(pthread_self());
  return nullptr;
}

void startGreeter() {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, greeter, nullptr);
}

// A spawner wrapper: reported at the call in the caller.
void fireAndForget(std::function<void()> Task) {
  std::thread(std::move(Task)).detach();
}

void recordLater() {
  fireAndForget([] { audit::Seen["later"] = 2; });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running the lambda at self-detach-and-wrappers.cpp:53 uses 'audit::Seen', which is destroyed at exit while the thread may still be using it [daemon-detached-static-destruction]
  // CHECK-NOTES: :[[@LINE-6]]:3: note: 'fireAndForget' runs it on a detached thread here
  // CHECK-NOTES: :[[@LINE-3]]:29: note: the lambda at self-detach-and-wrappers.cpp:53 uses 'audit::Seen' here
  // CHECK-NOTES: :[[@LINE-44]]:38: note: 'audit::Seen' has static storage duration and a non-trivial destructor
}

// The same wrapper with work that touches no static: silent.
void computeLater() {
  fireAndForget([] {
    int Sum = 0;
    for (int I = 0; I < 10; ++I)
      Sum += I;
    (void)Sum;
  });
}
