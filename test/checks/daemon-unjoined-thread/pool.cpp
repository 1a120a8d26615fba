// Thread pools: every thread in the container must be joined before the
// container is destroyed.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <array>
#include <thread>
#include <vector>

void crunch(int Shard);

void crunchAll(int Shards, bool Abort) {
  std::vector<std::thread> Pool;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: threads in 'Pool' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+3]]:10: note: a thread is added to 'Pool' here
  // CHECK-NOTES: :[[@LINE+4]]:5: note: 'Pool' is destroyed here while a thread in it may be joinable
  for (int I = 0; I < Shards; ++I)
    Pool.emplace_back(crunch, I);
  if (Abort)
    return;
  for (auto &T : Pool)
    T.join();
}

class ThreadPool {
public:
  explicit ThreadPool(int Size) {
    for (int I = 0; I < Size; ++I)
      Workers_.push_back(std::thread(crunch, I));
  }
  ~ThreadPool() {}

private:
  std::vector<std::thread> Workers_;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: threads in member 'Workers_' may be destroyed while joinable when 'ThreadPool' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-7]]:16: note: a thread is added to 'Workers_' here
  // CHECK-NOTES: :[[@LINE-6]]:3: note: 'ThreadPool::~ThreadPool' does not join or detach 'Workers_'
};

// Near miss: joined in the usual loop.
void crunchJoined(int Shards) {
  std::vector<std::thread> Pool;
  for (int I = 0; I < Shards; ++I)
    Pool.emplace_back(crunch, I);
  for (auto &T : Pool)
    T.join();
}

// Near miss: a fixed array, started and joined in loops.
void crunchFour() {
  std::thread Quad[4];
  int I = 0;
  for (std::thread &T : Quad)
    T = std::thread(crunch, I++);
  for (std::thread &T : Quad)
    if (T.joinable())
      T.join();
}

// Near miss: the pool's destructor joins every worker.
class JoiningPool {
public:
  explicit JoiningPool(int Size) {
    for (int I = 0; I < Size; ++I)
      Workers_.emplace_back(crunch, I);
  }
  ~JoiningPool() {
    for (std::thread &T : Workers_)
      T.join();
  }

private:
  std::vector<std::thread> Workers_;
};

// Near miss: elements joined one by one through indices, which the
// analysis does not follow.
void crunchIndexed(int Shards) {
  std::vector<std::thread> Pool;
  for (int I = 0; I < Shards; ++I)
    Pool.emplace_back(crunch, I);
  for (std::size_t I = 0; I < Pool.size(); ++I)
    Pool[I].join();
}
