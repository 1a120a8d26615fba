// A log shipper that passes its buffers to detached threads as arguments.
// RUN: %check_daemon %s daemon-detached-dangling-reference %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-dangling-reference %t -- -std=c++17

#include <cstring>
#include <functional>
#include <memory>
#include <pthread.h>
#include <string>
#include <string_view>
#include <thread>

void ship(const std::string &) {}
void shipView(std::string_view) {}
void shipRaw(const char *) {}
void fill(char *Out) { std::strcpy(Out, "x"); }

void byStdRef() {
  std::string Batch = "lines";
  std::thread(ship, std::cref(Batch)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: detached thread running 'ship' receives a reference to 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:39: note: thread detached here
}

void byAddress() {
  std::string Batch = "lines";
  std::thread([](std::string *B) { ship(*B); }, &Batch).detach();
  // CHECK-NOTES: :[[@LINE-1]]:49: warning: detached thread running the lambda at arguments.cpp:27 receives a pointer to 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:57: note: thread detached here
}

void byArray() {
  char Line[128];
  std::thread(fill, Line).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: detached thread running 'fill' receives a pointer to 'Line'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: thread detached here
}

void byCStr() {
  std::string Batch = "lines";
  std::thread(shipRaw, Batch.c_str()).detach();
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: detached thread running 'shipRaw' receives a view of 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:39: note: thread detached here
}

void byView() {
  std::string Batch = "lines";
  std::thread(shipView, std::string_view(Batch)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: detached thread running 'shipView' receives a view of 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:50: note: thread detached here
}

// A by-value parameter lives in the creator's frame too.
void byParameterAddress(std::string Batch) {
  std::thread([](std::string *B) { ship(*B); }, &Batch).detach();
  // CHECK-NOTES: :[[@LINE-1]]:49: warning: detached thread running the lambda at arguments.cpp:55 receives a pointer to 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:57: note: thread detached here
}

void *shipBatch(void *Arg) {
  ship(*static_cast<std::string *>(Arg));
  return nullptr;
}

void posixArgument() {
  std::string Batch = "lines";
  pthread_t Tid;
  pthread_create(&Tid, nullptr, shipBatch, &Batch);
  // CHECK-NOTES: :[[@LINE-1]]:44: warning: detached thread running 'shipBatch' receives a pointer to 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: thread detached here
  pthread_detach(Tid);
}

// Through a spawner wrapper, and through std::bind.
void runDetached(std::function<void()> Task) {
  std::thread(std::move(Task)).detach();
}

void throughWrapper() {
  std::string Batch = "lines";
  runDetached([&Batch] { ship(Batch); });
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: detached thread running the lambda at arguments.cpp:81 captures 'Batch' by reference; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'runDetached' runs it on a detached thread here
}

void throughBind() {
  std::string Batch = "lines";
  std::thread(std::bind(ship, std::ref(Batch))).detach();
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: detached thread running 'ship' receives a reference to 'Batch'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:49: note: thread detached here
}

// Near misses: all silent.

// std::thread decay-copies its arguments, even for a const& parameter, and
// a string passed where a string_view is taken is copied first.
void copied() {
  std::string Batch = "lines";
  std::thread(ship, Batch).detach();
  std::thread(shipView, Batch).detach();
}

// Heap objects handed over.
void heapOwned() {
  auto Batch = std::make_unique<std::string>("lines");
  std::thread([](std::unique_ptr<std::string> B) { ship(*B); },
              std::move(Batch))
      .detach();
  pthread_t Tid;
  pthread_create(&Tid, nullptr, shipBatch, new std::string("lines"));
  pthread_detach(Tid);
}

// Joined threads.
void joinedPosix() {
  std::string Batch = "lines";
  pthread_t Tid;
  pthread_create(&Tid, nullptr, shipBatch, &Batch);
  pthread_join(Tid, nullptr);
}

// A pointer parameter's referent: its lifetime is not visible here.
void forwardPointer(std::string *Batch) {
  std::thread([](std::string *B) { ship(*B); }, Batch).detach();
}

// A wrapper given a lambda that copies.
void wrapperCopy() {
  std::string Batch = "lines";
  runDetached([Batch] { ship(Batch); });
}
