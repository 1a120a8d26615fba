// A worker pool whose threads are joined through helpers the analysis may
// or may not see.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <thread>
#include <utility>

void serve();
void finish(std::thread &T);
void inspect(const std::thread &T);

class Server {
public:
  void start() { Acceptor = std::thread(serve); }
  void stop() {
    Acceptor.join();
    Acceptor.join();
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'join' on thread 'Acceptor', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-3]]:14: note: thread 'Acceptor' joined here
  }
  void abandon() {
    this->Acceptor.detach();
    Acceptor.join();
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'join' on thread 'Acceptor', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-3]]:20: note: thread 'Acceptor' detached here
  }
  // Near miss: a single join in each member function.
  void shutdown() { Acceptor.join(); }

private:
  std::thread Acceptor;
};

void insideLambda() {
  auto Run = [] {
    std::thread Worker(serve);
    Worker.detach();
    Worker.detach();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'detach' on thread 'Worker', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-3]]:12: note: thread 'Worker' detached here
  };
  Run();
}

// Inspecting through a const reference changes nothing.
void inspectThenJoinTwice() {
  std::thread Worker(serve);
  Worker.join();
  inspect(Worker);
  Worker.join();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'join' on thread 'Worker', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:10: note: thread 'Worker' joined here
}

// Near miss: a helper that takes the thread by reference may have started a
// new one.
void passedByReference() {
  std::thread Worker(serve);
  Worker.join();
  finish(Worker);
  Worker.join();
}

// Near miss: captured by reference, the lambda may replace it.
void capturedByReference() {
  std::thread Worker(serve);
  Worker.join();
  auto Restart = [&] { Worker = std::thread(serve); };
  Restart();
  Worker.join();
}

// Near miss: its address escapes.
void addressTaken() {
  std::thread Worker(serve);
  Worker.detach();
  std::thread *Alias = &Worker;
  *Alias = std::thread(serve);
  Worker.join();
}

// Near miss: swapped with another thread.
void swapped() {
  std::thread Worker(serve);
  std::thread Spare(serve);
  Worker.join();
  Worker.swap(Spare);
  Worker.join();
}

// Near miss: a reference parameter's state is not known on entry.
void joinParameter(std::thread &Worker) { Worker.join(); }

// Near miss: dependent code is analysed once, in the template itself.
template <typename Fn> void runTwice(Fn F) {
  std::thread First(F);
  First.join();
  std::thread Second(F);
  Second.join();
}
void instantiate() { runTwice(serve); }

// Near miss: a member function may start a new thread in between.
class Restarter {
public:
  void start() { Loop = std::thread(serve); }
  void cycle() {
    Loop.join();
    start();
    Loop.join();
  }
  // A const member function cannot, so the second join is reported.
  bool running() const { return Loop.joinable(); }
  void poll() {
    Loop.join();
    running();
    Loop.join();
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'join' on thread 'Loop', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-4]]:10: note: thread 'Loop' joined here
  }
  // Near miss: `this` escapes into a lambda that can restart the thread.
  void deferred() {
    auto Restart = [this] { Loop = std::thread(serve); };
    Loop.join();
    Restart();
    Loop.join();
  }

private:
  std::thread Loop;
};

// Near miss: a pointer to the thread is kept and used later.
struct Registry {
  std::thread *Slot = nullptr;
  void restart() { *Slot = std::thread(serve); }
};
void restartThroughRegistry() {
  std::thread Worker(serve);
  Registry R{&Worker};
  Worker.join();
  R.restart();
  Worker.join();
}
