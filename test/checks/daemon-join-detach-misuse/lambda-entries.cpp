// C thread APIs used from C++ with lambdas as entries: a captureless lambda
// converts to the entry's function pointer, and its body is what runs.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <pthread.h>

void startAndJoinSelfDetaching() {
  pthread_t Reaper;
  pthread_create(&Reaper, nullptr, [](void *) -> void * {
    pthread_detach(pthread_self());
    return nullptr;
  }, nullptr);
  pthread_join(Reaper, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Reaper', which detaches itself; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the lambda at lambda-entries.cpp:10 detaches its own thread here
}

void startAndJoinPlus() {
  pthread_t Reaper;
  pthread_create(&Reaper, nullptr, +[](void *) -> void * {
    pthread_detach(pthread_self());
    return nullptr;
  }, nullptr);
  pthread_join(Reaper, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Reaper', which detaches itself; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the lambda at lambda-entries.cpp:21 detaches its own thread here
}

// Near miss: the lambda does not detach itself.
void startAndJoin() {
  pthread_t Worker;
  pthread_create(&Worker, nullptr, [](void *) -> void * { return nullptr; },
                 nullptr);
  pthread_join(Worker, nullptr);
}
