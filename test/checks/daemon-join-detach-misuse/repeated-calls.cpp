// A logger whose flush thread is joined or detached twice.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <string>
#include <thread>

void flushLog(std::string Path);

void joinAfterDetach() {
  std::thread Flusher(flushLog, "app.log");
  Flusher.detach();
  Flusher.join();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'join' on thread 'Flusher', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: thread 'Flusher' detached here
}

void detachAfterJoin() {
  std::thread Flusher(flushLog, "app.log");
  Flusher.join();
  Flusher.detach();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'detach' on thread 'Flusher', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: thread 'Flusher' joined here
}

void joinTwice() {
  std::thread Flusher(flushLog, "join-twice.log");
  Flusher.join();
  Flusher.join();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'join' on thread 'Flusher', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: thread 'Flusher' joined here
  // CHECK-FIXES: {{^}}  std::thread Flusher(flushLog, "join-twice.log");{{$}}
  // CHECK-FIXES-NEXT: {{^}}  Flusher.join();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

void detachTwice() {
  std::thread Flusher(flushLog, "detach-twice.log");
  Flusher.detach();
  Flusher.detach();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'detach' on thread 'Flusher', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:11: note: thread 'Flusher' detached here
  // CHECK-FIXES: {{^}}  std::thread Flusher(flushLog, "detach-twice.log");{{$}}
  // CHECK-FIXES-NEXT: {{^}}  Flusher.detach();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

// Only the later call is reported, once, even when it is written on the
// same line as the first.
void detachTwiceOnOneLine() {
  std::thread Flusher(flushLog, "app.log");
  Flusher.detach(); Flusher.detach();
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: 'detach' on thread 'Flusher', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-2]]:11: note: thread 'Flusher' detached here
  // CHECK-FIXES: {{^}}  Flusher.detach(); {{$}}
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

// A temporary thread: nothing to misuse.
void temporary() { std::thread(flushLog, "app.log").detach(); }

// Near miss: each call on its own branch.
void eitherJoinOrDetach(bool Background) {
  std::thread Flusher(flushLog, "app.log");
  if (Background)
    Flusher.detach();
  else
    Flusher.join();
}

// Near miss: a new thread is assigned in between.
void restart() {
  std::thread Flusher(flushLog, "app.log");
  Flusher.join();
  Flusher = std::thread(flushLog, "app.log.1");
  Flusher.join();
}

// Near miss: a fresh thread on each trip round the loop.
void rotate(int Files) {
  for (int I = 0; I < Files; ++I) {
    std::thread Flusher(flushLog, std::to_string(I));
    Flusher.detach();
  }
}
