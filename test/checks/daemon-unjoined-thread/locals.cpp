// A request handler that starts helper threads in its locals: each must be
// joined or detached on every path before its scope ends.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <thread>
#include <utility>
#include <vector>

void prefetch();
void audit(int Id);
bool cacheHit(int Id);
void keep(std::thread T);
void watch(std::thread &T);

void handle(int Id, bool Cached) {
  std::thread Prefetcher(prefetch);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'Prefetcher' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+4]]:5: note: 'Prefetcher' is destroyed here while joinable
  // No std::jthread before C++20: the declaration stays as it is.
  // CHECK-FIXES: {{^}}  std::thread Prefetcher(prefetch);{{$}}
  if (Cached)
    return;
  Prefetcher.join();
}

void handleOnce(int Id) {
  std::thread Auditor(audit, Id);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'Auditor' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+4]]:1: note: 'Auditor' is destroyed here while joinable
  if (cacheHit(Id)) {
    Auditor.join();
  }
}

void restart(int Id) {
  std::thread Auditor(audit, Id);
  Auditor = std::thread(audit, Id + 1);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: assigning to 'Auditor' while it may be joinable calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread 'Auditor' started here
  Auditor.join();
}

// Near miss: joined on every path.
void handleJoined(int Id, bool Cached) {
  std::thread Prefetcher(prefetch);
  if (Cached) {
    Prefetcher.join();
    return;
  }
  Prefetcher.join();
}

// Near miss: detached.
void handleDetached() {
  std::thread Prefetcher(prefetch);
  Prefetcher.detach();
}

// Near miss: reassigned only after the join.
void restartJoined(int Id) {
  std::thread Auditor(audit, Id);
  Auditor.join();
  Auditor = std::thread(audit, Id + 1);
  Auditor.join();
}

// Near miss: returned to the caller.
std::thread startAudit(int Id) {
  std::thread Auditor(audit, Id);
  return Auditor;
}

// Near miss: handed over by value.
void handOver(int Id) {
  std::thread Auditor(audit, Id);
  keep(std::move(Auditor));
}

// Near miss: moved into a container that is joined.
void collect(int Id) {
  std::vector<std::thread> All;
  std::thread Auditor(audit, Id);
  All.push_back(std::move(Auditor));
  for (std::thread &T : All)
    T.join();
}

// Near miss: passed by reference to code the analysis cannot see.
void watched() {
  std::thread Prefetcher(prefetch);
  watch(Prefetcher);
}

// Near miss: joined only if joinable.
void guarded(bool Start) {
  std::thread Prefetcher;
  if (Start)
    Prefetcher = std::thread(prefetch);
  if (Prefetcher.joinable())
    Prefetcher.join();
}

// Near miss: a thread class of another library whose destructor does not
// terminate.
namespace boost {
class thread {
public:
  template <class F> explicit thread(F f) {}
  ~thread() {}
  void join() {}
};
} // namespace boost

void withBoost() { boost::thread Helper(prefetch); }
