// Background workers that own their thread as a member: the owner's
// destructor must join or detach it.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <atomic>
#include <thread>

// The implicit destructor leaves the thread joinable.
class Worker {
public:
  void start() { Thread_ = std::thread(&Worker::run, this); }
  void run() {}

private:
  std::thread Thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Thread_' may be destroyed while joinable when 'Worker' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-6]]:28: note: 'Thread_' is started here
  // CHECK-NOTES: :[[@LINE-9]]:7: note: the implicit destructor of 'Worker' does not join or detach 'Thread_'
};

// The destructor only signals the thread.
class Poller {
public:
  Poller() : Thread_(&Poller::poll, this) {}
  ~Poller() { Stop_ = true; }

private:
  void poll() {}
  std::atomic<bool> Stop_{false};
  std::thread Thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Thread_' may be destroyed while joinable when 'Poller' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-8]]:14: note: 'Thread_' is started here
  // CHECK-NOTES: :[[@LINE-8]]:3: note: 'Poller::~Poller' does not join or detach 'Thread_'
};

// Near miss: the destructor joins through stop().
class Service {
public:
  ~Service() { stop(); }
  void start() { Thread_ = std::thread(&Service::serve, this); }
  void stop() {
    Stop_ = true;
    if (Thread_.joinable())
      Thread_.join();
  }

private:
  void serve() {}
  std::atomic<bool> Stop_{false};
  std::thread Thread_;
};

// Near miss: the destructor joins.
class Flusher {
public:
  Flusher() : Thread_(&Flusher::flush, this) {}
  ~Flusher() { Thread_.join(); }

private:
  void flush() {}
  std::thread Thread_;
};

// Near miss: detached in the constructor, on every path.
class Heartbeat {
public:
  Heartbeat() : Thread_(&Heartbeat::beat, this) { Thread_.detach(); }

private:
  void beat() {}
  std::thread Thread_;
};

// Near miss: never started.
class Idle {
  std::thread Thread_;
};

// Near miss: std::jthread joins on destruction.
#if __cplusplus >= 202002L
class Refresher {
public:
  void start() { Thread_ = std::jthread([] {}); }

private:
  std::jthread Thread_;
};
#endif

// Near miss: a derived class joins the base's thread.
class Task {
public:
  void start() { Thread_ = std::thread(&Task::work, this); }
  virtual ~Task() = default;

protected:
  void work() {}
  std::thread Thread_;
};

class JoinedTask : public Task {
public:
  ~JoinedTask() override {
    if (Thread_.joinable())
      Thread_.join();
  }
};
