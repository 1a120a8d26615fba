// An uploader that hands its worker thread around.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <thread>
#include <utility>
#include <vector>

void upload();
void adopt(std::thread Worker);

void joinMovedFrom() {
  std::thread Uploader(upload);
  std::thread Owner(std::move(Uploader));
  Owner.join();
  Uploader.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Uploader', which was moved from; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: thread 'Uploader' moved from here
}

void detachAfterMoveAssignment() {
  std::thread Uploader(upload);
  std::thread Owner;
  Owner = std::move(Uploader);
  Uploader.detach();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'detach' on thread 'Uploader', which was moved from; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: thread 'Uploader' moved from here
  Owner.join();
}

void joinAfterPassingByValue() {
  std::thread Uploader(upload);
  adopt(std::move(Uploader));
  Uploader.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Uploader', which was moved from; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:9: note: thread 'Uploader' moved from here
}

void detachAfterStoringInPool(std::vector<std::thread> &Pool) {
  std::thread Uploader(upload);
  Pool.push_back(std::move(Uploader));
  Uploader.detach();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'detach' on thread 'Uploader', which was moved from; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:18: note: thread 'Uploader' moved from here
}

void detachDefaultConstructed() {
  std::thread Uploader;
  Uploader.detach();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'detach' on thread 'Uploader', which was default-constructed and owns no thread; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread 'Uploader' default-constructed here
}

void joinAfterResetToEmpty() {
  std::thread Uploader(upload);
  Uploader.join();
  Uploader = std::thread();
  Uploader.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Uploader', which was default-constructed and owns no thread; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: thread 'Uploader' default-constructed here
}

void joinMaybeStarted(bool Enabled) {
  std::thread Uploader;
  if (Enabled)
    Uploader = std::thread(upload);
  Uploader.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Uploader', which may still be default-constructed and own no thread; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:15: note: thread 'Uploader' default-constructed here
}

// Near miss: the moved-to thread is the one joined.
void joinOwner() {
  std::thread Uploader(upload);
  std::thread Owner(std::move(Uploader));
  Owner.join();
}

// Near miss: started before use.
void startThenJoin() {
  std::thread Uploader;
  Uploader = std::thread(upload);
  Uploader.join();
}

// Near miss: moved back before the join.
void roundTrip() {
  std::thread Uploader(upload);
  std::thread Holder(std::move(Uploader));
  Uploader = std::move(Holder);
  Uploader.join();
}

// Near miss: a thread returned by a function may or may not be joinable; the
// analysis cannot tell and stays silent.
std::thread makeUploader();
void unknownOrigin() {
  std::thread Uploader = makeUploader();
  Uploader.join();
}
