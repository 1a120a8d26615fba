// Member threads started through every form of entry: a lambda capturing
// `this`, std::bind, a lambda stored in a local first, a functor holding
// `this`, and a member function pointer with its object.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <functional>
#include <thread>
#include <vector>

// A thread pool whose defaulted destructor never joins its workers.
class ThreadPool {
public:
  explicit ThreadPool(int Size) {
    for (int I = 0; I < Size; ++I)
      Workers_.emplace_back([this] { workLoop(); });
  }
  ~ThreadPool() = default;

private:
  void workLoop() {}
  std::vector<std::thread> Workers_;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: threads in member 'Workers_' may be destroyed while joinable when 'ThreadPool' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-8]]:16: note: a thread is added to 'Workers_' here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'ThreadPool::~ThreadPool' does not join or detach 'Workers_'
};

// A thread class whose virtual destructor leaves the thread joinable.
class Ticker {
public:
  void start() { Thread_ = std::thread([this] { tick(); }); }
  virtual ~Ticker() {}

private:
  void tick() {}
  std::thread Thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Thread_' may be destroyed while joinable when 'Ticker' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-7]]:28: note: 'Thread_' is started here
  // CHECK-NOTES: :[[@LINE-7]]:11: note: 'Ticker::~Ticker' does not join or detach 'Thread_'
};

class Reaper {
public:
  Reaper() : Thread_(std::bind(&Reaper::reap, this)) {}

private:
  void reap() {}
  std::thread Thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Thread_' may be destroyed while joinable when 'Reaper' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-6]]:14: note: 'Thread_' is started here
  // CHECK-NOTES: :[[@LINE-9]]:7: note: the implicit destructor of 'Reaper' does not join or detach 'Thread_'
};

class Uploader {
public:
  void start() {
    auto Loop = [this] { upload(); };
    Thread_ = std::thread(Loop);
  }

private:
  void upload() {}
  std::thread Thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Thread_' may be destroyed while joinable when 'Uploader' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-7]]:15: note: 'Thread_' is started here
  // CHECK-NOTES: :[[@LINE-12]]:7: note: the implicit destructor of 'Uploader' does not join or detach 'Thread_'
};

class Indexer {
  struct Pass {
    Indexer *Owner;
    void operator()() const {}
  };

public:
  void start() { Thread_ = std::thread(Pass{this}); }

private:
  std::thread Thread_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Thread_' may be destroyed while joinable when 'Indexer' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-5]]:28: note: 'Thread_' is started here
  // CHECK-NOTES: :[[@LINE-13]]:7: note: the implicit destructor of 'Indexer' does not join or detach 'Thread_'
};

class Crawler {
public:
  explicit Crawler(int Size) {
    for (int I = 0; I < Size; ++I)
      Fetchers_.emplace_back(&Crawler::fetch, this);
  }

private:
  void fetch() {}
  std::vector<std::thread> Fetchers_;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: threads in member 'Fetchers_' may be destroyed while joinable when 'Crawler' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-7]]:17: note: a thread is added to 'Fetchers_' here
  // CHECK-NOTES: :[[@LINE-12]]:7: note: the implicit destructor of 'Crawler' does not join or detach 'Fetchers_'
};

// Near miss: the pool's destructor joins every lambda worker.
class JoiningPool {
public:
  explicit JoiningPool(int Size) {
    for (int I = 0; I < Size; ++I)
      Workers_.emplace_back([this] { workLoop(); });
  }
  ~JoiningPool() {
    for (std::thread &T : Workers_)
      if (T.joinable())
        T.join();
  }

private:
  void workLoop() {}
  std::vector<std::thread> Workers_;
};

// Near miss: the virtual destructor joins the lambda thread.
class JoiningTicker {
public:
  void start() { Thread_ = std::thread([this] { tick(); }); }
  virtual ~JoiningTicker() {
    if (Thread_.joinable())
      Thread_.join();
  }

private:
  void tick() {}
  std::thread Thread_;
};

// Near miss: `this` is also handed to a registry, which may stop the
// thread: its state is not followed.
class Registered;
void registerService(Registered *Service);
class Registered {
public:
  void start() {
    registerService(this);
    Thread_ = std::thread([this] { serve(); });
  }

private:
  void serve() {}
  std::thread Thread_;
};

// Near miss: the local lambda is also called here, not only run on the
// thread.
class CalledToo {
public:
  void start() {
    auto Step = [this] { step(); };
    Step();
    Thread_ = std::thread(Step);
  }

private:
  void step() {}
  std::thread Thread_;
};

// Near miss: the lambda detaches its own thread object.
class SelfDetaching {
public:
  void start() {
    Thread_ = std::thread([this] { Thread_.detach(); });
  }

private:
  std::thread Thread_;
};
