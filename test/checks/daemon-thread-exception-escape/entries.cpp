// A job queue whose workers are lambdas, functors and member functions;
// what their entries let escape, and what they catch.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct QueueClosed : std::exception {};

class JobQueue {
public:
  std::function<void()> pop() {
    if (Closed)
      throw QueueClosed();
    return Jobs.back();
  }
  void runWorker() {
    while (true)
      pop()();
  }
  void start() {
    Worker = std::thread(&JobQueue::runWorker, this);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: exception thrown in the thread running 'JobQueue::runWorker' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
    // CHECK-NOTES: :[[@LINE-5]]:7: note: 'JobQueue::runWorker' calls 'JobQueue::pop'
    // CHECK-NOTES: :[[@LINE-11]]:7: note: 'JobQueue::pop' throws 'QueueClosed' here
  }
  ~JobQueue() { Worker.join(); }

private:
  bool Closed = false;
  std::vector<std::function<void()>> Jobs;
  std::thread Worker;
};

// A lambda entry.
void startLambda() {
  std::thread T([] { throw std::logic_error("unreachable state"); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running the lambda at entries.cpp:42 is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: the lambda at entries.cpp:42 throws 'std::logic_error' here
  T.join();
}

// A functor entry.
struct Flusher {
  void operator()() const { flushAll(); }
  void flushAll() const { throw std::runtime_error("disk full"); }
};
void startFunctor() {
  std::thread(Flusher{}).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'Flusher::operator()' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-6]]:29: note: 'Flusher::operator()' calls 'Flusher::flushAll'
  // CHECK-NOTES: :[[@LINE-6]]:27: note: 'Flusher::flushAll' throws 'std::runtime_error' here
}

// A noexcept function on the way: a handler further out cannot help.
void mustNotFail() noexcept { throw std::runtime_error("oops"); }
void guarded() {
  try {
    mustNotFail();
  } catch (...) {
  }
}
void startGuarded() {
  std::thread(guarded).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'guarded' is not caught; it leaves the noexcept function 'mustNotFail' and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'guarded' calls 'mustNotFail'
  // CHECK-NOTES: :[[@LINE-11]]:31: note: 'mustNotFail' throws 'std::runtime_error' here
}

// A lambda called in the entry throws.
void startLocalLambda() {
  std::thread([] {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running the lambda at entries.cpp:77 is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
    auto Check = [](int N) {
      if (N < 0)
        throw std::domain_error("negative");
    };
    Check(-1);
    // CHECK-NOTES: :[[@LINE-1]]:5: note: the lambda at entries.cpp:77 calls the lambda at entries.cpp:79
    // CHECK-NOTES: :[[@LINE-4]]:9: note: the lambda at entries.cpp:79 throws 'std::domain_error' here
  }).join();
}

// Near misses: all silent.

// Caught by catch (...) in the entry.
void startCatchAll() {
  std::thread([] {
    try {
      throw std::runtime_error("x");
    } catch (...) {
    }
  }).join();
}

// A function-try-block on the entry.
void drainQueue(JobQueue *Q) try {
  Q->pop()();
} catch (const std::exception &) {
}
void startDrain(JobQueue &Q) { std::thread(drainQueue, &Q).join(); }

// Caught in the callee.
void popSafely(JobQueue *Q) {
  try {
    Q->pop();
  } catch (const QueueClosed &) {
  }
}
void startPopSafely(JobQueue &Q) { std::thread(popSafely, &Q).join(); }

// The caller wraps the throwing call in a try block.
void loadOrDefault() {
  try {
    std::stoi("x");
  } catch (const std::exception &) {
  }
}
void startLoad() { std::thread(loadOrDefault).join(); }

// std::async stores the exception in the future.
int startAsync() {
  auto Result = std::async(std::launch::async, [] { return std::stoi("x"); });
  try {
    return Result.get();
  } catch (...) {
    return 0;
  }
}

// A lambda that throws but is never called.
void startUncalled() {
  std::thread([] {
    auto Fail = [] { throw std::runtime_error("never"); };
    (void)Fail;
  }).join();
}

// Calls with no visible body do not count.
void externalStep();
void startExternal() { std::thread(externalStep).join(); }

// A throw in a function the thread never reaches.
void neverCalled() { throw std::runtime_error("dead"); }
void quietWork() {}
void startQuiet() { std::thread(quietWork).join(); }

// A rethrow in a handler that caught nothing visible.
void rethrowUnknown() {
  try {
    externalStep();
  } catch (...) {
    throw;
  }
}
void startRethrowUnknown() { std::thread(rethrowUnknown).join(); }
