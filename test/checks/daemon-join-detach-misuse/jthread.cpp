// A cache refresher on std::jthread: joining on destruction does not make a
// second explicit join safe. (libc++ 19 ships std::jthread behind
// -fexperimental-library; the flag is harmless elsewhere.)
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++20 -fexperimental-library
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++20 -fexperimental-library

#include <stop_token>
#include <thread>

void refresh(std::stop_token Stop);

void stopAndJoinTwice() {
  std::jthread Refresher(refresh);
  Refresher.request_stop();
  Refresher.join();
  Refresher.join();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'join' on thread 'Refresher', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: thread 'Refresher' joined here
  // CHECK-FIXES: {{^}}  Refresher.join();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

void detachDefault() {
  std::jthread Refresher;
  Refresher.detach();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'detach' on thread 'Refresher', which was default-constructed and owns no thread; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:16: note: thread 'Refresher' default-constructed here
}

// Near miss: a stop request does not end joinability.
void stopThenJoin() {
  std::jthread Refresher(refresh);
  Refresher.request_stop();
  Refresher.join();
}

// Near miss: the destructor joins; no explicit call is needed or made.
void joinOnDestruction() { std::jthread Refresher(refresh); }
