// A detached thread that runs a functor object built from pointers into
// its creator's frame.
// RUN: %check_daemon %s daemon-detached-dangling-reference %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-dangling-reference %t -- -std=c++17

#include <thread>

struct Tally {
  int *Count;
  void operator()() const { ++*Count; }
};

struct Progress {
  explicit Progress(const char *Label) : Label(Label) {}
  void operator()() const {}
  const char *Label;
};

void countInBackground() {
  int Count = 0;
  std::thread(Tally{&Count}).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: detached thread running 'Tally::operator()' receives a pointer to 'Count'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: thread detached here
}

void reportInBackground() {
  char Label[16] = "import";
  std::thread(Progress(Label)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: detached thread running 'Progress::operator()' receives a pointer to 'Label'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:32: note: thread detached here
}

// Near miss: the functor holds a pointer to a static counter.
void countGlobally() {
  static int Count = 0;
  std::thread(Tally{&Count}).detach();
}

// Near miss: the thread is joined.
void countAndWait() {
  int Count = 0;
  std::thread T(Tally{&Count});
  T.join();
}
