// Work queues: a detached worker runs the tasks other code queues for it.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

#include "state_store.h"
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <utility>

// A queue of std::function tasks, drained by a detached thread.
class TaskQueue {
public:
  void post(std::function<void()> Task) {
    std::lock_guard<std::mutex> Lock(M);
    Tasks.push_back(std::move(Task));
    CV.notify_one();
  }
  void start() {
    std::thread([this] { run(); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:36: warning: detached thread running the lambda at work-queues.cpp:23 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
    // CHECK-NOTES: :[[@LINE-2]]:26: note: the lambda at work-queues.cpp:23 calls 'TaskQueue::run'
    // CHECK-NOTES: :[[@LINE+15]]:7: note: 'TaskQueue::run' calls the lambda at work-queues.cpp:51
    // CHECK-NOTES: :[[@LINE+24]]:19: note: the lambda at work-queues.cpp:51 calls 'saveState'
    // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Task;
      {
        std::unique_lock<std::mutex> Lock(M);
        CV.wait(Lock, [this] { return !Tasks.empty(); });
        Task = std::move(Tasks.front());
        Tasks.pop_front();
      }
      Task();
    }
  }
  std::mutex M;
  std::condition_variable CV;
  std::deque<std::function<void()>> Tasks;
};

void useTaskQueue(TaskQueue &Queue) {
  Queue.start();
  Queue.post([] { saveState("queue.ini", "x=1"); });
}

// The shape of a storage engine's environment: Schedule() queues a
// function and its argument for one detached background thread.
class Env {
public:
  virtual ~Env() = default;
  virtual void Schedule(void (*Function)(void *), void *Arg) = 0;
};

class PosixEnv : public Env {
public:
  void Schedule(void (*Function)(void *), void *Arg) override;

private:
  struct WorkItem {
    explicit WorkItem(void (*Function)(void *), void *Arg)
        : Function(Function), Arg(Arg) {}
    void (*const Function)(void *);
    void *const Arg;
  };
  static void entryPoint(PosixEnv *Self) { Self->backgroundMain(); }
  void backgroundMain();

  std::mutex M;
  std::condition_variable CV;
  bool Started = false;
  std::queue<WorkItem> Queue;
};

void PosixEnv::Schedule(void (*Function)(void *), void *Arg) {
  std::lock_guard<std::mutex> Lock(M);
  if (!Started) {
    Started = true;
    std::thread Background(PosixEnv::entryPoint, this);
    Background.detach();
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: detached thread running 'PosixEnv::entryPoint' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: thread created here
    // CHECK-NOTES: :[[@LINE-17]]:50: note: 'PosixEnv::entryPoint' calls 'PosixEnv::backgroundMain'
    // CHECK-NOTES: :[[@LINE+17]]:5: note: 'PosixEnv::backgroundMain' calls 'Database::compactWork'
    // CHECK-NOTES: :[[@LINE+27]]:36: note: 'Database::compactWork' calls 'Database::compact'
    // CHECK-NOTES: :[[@LINE+28]]:20: note: 'Database::compact' calls 'saveState'
    // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  }
  Queue.emplace(Function, Arg);
  CV.notify_one();
}

void PosixEnv::backgroundMain() {
  while (true) {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [this] { return !Queue.empty(); });
    auto Function = Queue.front().Function;
    void *Arg = Queue.front().Arg;
    Queue.pop();
    Lock.unlock();
    Function(Arg);
  }
}

class Database {
public:
  explicit Database(Env *E) : E(E) {}
  void maybeCompact() { E->Schedule(&Database::compactWork, this); }

private:
  static void compactWork(void *Self) {
    static_cast<Database *>(Self)->compact();
  }
  void compact() { saveState("MANIFEST", "compacted"); }
  Env *E;
};

// Near miss: the tasks of this queue do disposable work.
struct Counter {
  int Hits = 0;
};
class TickQueue {
public:
  void post(std::function<void()> Task) {
    std::lock_guard<std::mutex> Lock(M);
    Ticks.push(std::move(Task));
  }
  void start() {
    std::thread([this] {
      for (;;) {
        std::unique_lock<std::mutex> Lock(M);
        if (Ticks.empty())
          continue;
        std::function<void()> Tick = Ticks.front();
        Ticks.pop();
        Lock.unlock();
        Tick();
      }
    }).detach();
  }

private:
  std::mutex M;
  std::queue<std::function<void()>> Ticks;
};

void useTickQueue(TickQueue &Queue, Counter &C) {
  Queue.start();
  Queue.post([&C] { ++C.Hits; });
}

// Near miss: one class, two queues. The detached thread drains only
// `Fast`, whose tasks do nothing lasting; the writes go to `Slow`, which a
// joined thread drains.
class TwoQueues {
public:
  void start() {
    std::thread([this] { drainFast(); }).detach();
    std::thread Joined([this] { drainSlow(); });
    Joined.join();
  }
  void postFast(void (*Fn)()) { Fast.push_back(Fn); }
  void postSlow(void (*Fn)()) { Slow.push_back(Fn); }

private:
  void drainFast() {
    for (; !Fast.empty(); Fast.pop_front())
      Fast.front()();
  }
  void drainSlow() {
    for (; !Slow.empty(); Slow.pop_front())
      Slow.front()();
  }
  std::deque<void (*)()> Fast;
  std::deque<void (*)()> Slow;
};

void persistSlowly() { saveState("slow.ini", "x=1"); }
void nothing() {}

void useTwoQueues(TwoQueues &Q) {
  Q.postFast(nothing);
  Q.postSlow(persistSlowly);
  Q.start();
}

// Near miss: a function pointer parameter is not a stored callable. The
// detached thread runs `nothing` through it; only main's call writes.
void runNow(void (*Fn)()) { Fn(); }

void useRunNow() {
  std::thread([] { runNow(nothing); }).detach();
  runNow(persistSlowly);
}

// Near miss: nor is a local copy of one.
void runCopy(void (*Fn)()) {
  auto Copy = Fn;
  Copy();
}

void useRunCopy() {
  std::thread([] { runCopy(nothing); }).detach();
  runCopy(persistSlowly);
}

// A store inside a lambda, of a parameter of the function around it.
class LaterQueue {
public:
  void postLater(void (*Fn)()) {
    auto Store = [this, Fn] { Later.push_back(Fn); };
    Store();
  }
  void start() {
    std::thread([this] {
      while (!Later.empty()) {
        Later.front()();
        Later.pop_front();
      }
    }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:8: warning: detached thread running the lambda at work-queues.cpp:222 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
    // CHECK-NOTES: :[[@LINE-7]]:5: note: thread created here
    // CHECK-NOTES: :[[@LINE-6]]:9: note: the lambda at work-queues.cpp:222 calls 'persistSlowly'
    // CHECK-NOTES: :[[@LINE-46]]:24: note: 'persistSlowly' calls 'saveState'
    // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
  }

private:
  std::deque<void (*)()> Later;
};

void useLaterQueue(LaterQueue &Q) {
  Q.start();
  Q.postLater(persistSlowly);
}
