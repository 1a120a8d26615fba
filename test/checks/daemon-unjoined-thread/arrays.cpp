// Built-in arrays of threads, as locals, members and statics, started and
// joined by index loops.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <cstddef>
#include <thread>

constexpr int Shards = 4;
void compact(int Shard);

void compactNeverJoined() {
  std::thread Compactors[Shards];
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: threads in 'Compactors' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+2]]:21: note: a thread is added to 'Compactors' here
  for (int I = 0; I < Shards; ++I)
    Compactors[I] = std::thread(compact, I);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Compactors' is destroyed here while a thread in it may be joinable

void compactPartlyJoined() {
  std::thread Compactors[Shards];
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: threads in 'Compactors' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+2]]:21: note: a thread is added to 'Compactors' here
  for (int I = 0; I < Shards; ++I)
    Compactors[I] = std::thread(compact, I);
  for (int I = 0; I < Shards - 1; ++I)
    Compactors[I].join();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Compactors' is destroyed here while a thread in it may be joinable

class Compactor {
public:
  Compactor() {
    for (int I = 0; I < Shards; ++I)
      Workers_[I] = std::thread(compact, I);
  }
  ~Compactor() {}

private:
  std::thread Workers_[Shards];
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: threads in member 'Workers_' may be destroyed while joinable when 'Compactor' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-7]]:21: note: a thread is added to 'Workers_' here
  // CHECK-NOTES: :[[@LINE-6]]:3: note: 'Compactor::~Compactor' does not join or detach 'Workers_'
};

class RangeCompactor {
public:
  RangeCompactor() {
    for (std::thread &T : Workers_)
      T = std::thread(compact, 0);
  }

private:
  std::thread Workers_[Shards];
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: threads in member 'Workers_' may be destroyed while joinable when 'RangeCompactor' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-6]]:11: note: a thread is added to 'Workers_' here
  // CHECK-NOTES: :[[@LINE-11]]:7: note: the implicit destructor of 'RangeCompactor' does not join or detach 'Workers_'
};

// Near miss: every element is joined.
void compactAll() {
  std::thread Compactors[Shards];
  for (int I = 0; I < Shards; ++I)
    Compactors[I] = std::thread(compact, I);
  for (int I = 0; I < Shards; ++I)
    if (Compactors[I].joinable())
      Compactors[I].join();
}

// Near miss: started and joined over the same run-time range.
void compactSome(std::size_t Count) {
  std::thread Compactors[Shards];
  const std::size_t N = Count < Shards ? Count : Shards;
  for (std::size_t I = 0; I < N; ++I)
    Compactors[I] = std::thread(compact, static_cast<int>(I));
  for (std::size_t I = 0; I < N; ++I)
    Compactors[I].join();
}

// Near miss: joined over a range the analysis cannot compare with the
// start.
void compactUpTo(int Count) {
  std::thread Compactors[Shards];
  for (int I = 0; I < Shards; ++I)
    Compactors[I] = std::thread(compact, I);
  for (int I = 0; I < Count; ++I)
    Compactors[I].join();
}

// Near miss: an element is also used outside the loops.
void joinFirst(std::thread &Out);
void compactHandOver() {
  std::thread Compactors[Shards];
  for (int I = 0; I < Shards; ++I)
    Compactors[I] = std::thread(compact, I);
  joinFirst(Compactors[0]);
}

// Near miss: the member array is joined in the destructor.
class JoiningCompactor {
public:
  JoiningCompactor() {
    for (int I = 0; I < Shards; ++I)
      Workers_[I] = std::thread(compact, I);
  }
  ~JoiningCompactor() {
    for (int I = 0; I < Shards; ++I)
      Workers_[I].join();
  }

private:
  std::thread Workers_[Shards];
};
