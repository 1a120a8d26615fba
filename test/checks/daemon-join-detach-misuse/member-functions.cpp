// A worker class whose stop() joins its thread: calling it twice joins twice.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <thread>

class Worker;
void pollQueue();
void reuse(Worker &W);

class Worker {
public:
  void start() { Thread = std::thread(pollQueue); }
  void stop() { Thread.join(); }
  void abandon() { Thread.detach(); }
  void stopIfRunning() {
    if (Thread.joinable())
      Thread.join();
  }
  void stopOnce() {
    if (!Running)
      return;
    Running = false;
    Thread.join();
  }
  bool running() const { return Thread.joinable(); }

  void restart() {
    stop();
    stop();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stop' joins thread 'Thread', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-18]]:24: note: 'stop' joins 'Thread' here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: thread 'Thread' joined here
  }
  // Near miss: a new thread is started in between.
  void cycle() {
    stop();
    start();
    stop();
  }

private:
  std::thread Thread;
  bool Running = true;
};

void stopTwice() {
  Worker W;
  W.start();
  W.stop();
  W.stop();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stop' on 'W' joins thread 'Thread', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-39]]:24: note: 'stop' joins 'Thread' here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: thread 'Thread' joined here
}

void abandonTwice() {
  Worker W;
  W.start();
  W.abandon();
  W.abandon();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'abandon' on 'W' detaches thread 'Thread', which was already detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-48]]:27: note: 'abandon' detaches 'Thread' here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: thread 'Thread' detached here
}

void stopAfterConditionalAbandon(bool Background) {
  Worker W;
  W.start();
  if (Background)
    W.abandon();
  W.stop();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stop' on 'W' joins thread 'Thread', which may already have been detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-60]]:24: note: 'stop' joins 'Thread' here
  // CHECK-NOTES: :[[@LINE-4]]:7: note: thread 'Thread' detached here
}

// Near miss: stopIfRunning() checks joinable() first.
void stopIfRunningTwice() {
  Worker W;
  W.start();
  W.stopIfRunning();
  W.stopIfRunning();
}

// Near miss: stopOnce() joins under a flag the analysis does not follow
// into the member function.
void stopOnceTwice() {
  Worker W;
  W.start();
  W.stopOnce();
  W.stopOnce();
}

// Near miss: restarted in between.
void stopStartStop() {
  Worker W;
  W.start();
  W.stop();
  W.start();
  W.stop();
}

// Near miss: two workers.
void twoWorkers() {
  Worker A, B;
  A.start();
  B.start();
  A.stop();
  B.stop();
}

// Near miss: passed by reference to code that may restart it.
void passedAround() {
  Worker W;
  W.start();
  W.stop();
  reuse(W);
  W.stop();
}

// Near miss: a fresh worker on each trip round the loop.
void workerPerBatch(int Batches) {
  for (int I = 0; I < Batches; ++I) {
    Worker W;
    W.start();
    W.stop();
  }
}

// Near miss: a virtual stop() may be overridden to do something else.
class Service {
public:
  virtual ~Service() = default;
  void start() { Thread = std::thread(pollQueue); }
  virtual void stop() { Thread.join(); }

private:
  std::thread Thread;
};

void stopServiceTwice() {
  Service S;
  S.start();
  S.stop();
  S.stop();
}

// A final override cannot be overridden again.
class Poller final : public Service {
public:
  void begin() { Loop = std::thread(pollQueue); }
  void stop() override { Loop.join(); }

private:
  std::thread Loop;
};

void stopPollerTwice() {
  Poller P;
  P.begin();
  P.stop();
  P.stop();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stop' on 'P' joins thread 'Loop', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-12]]:31: note: 'stop' joins 'Loop' here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: thread 'Loop' joined here
}
