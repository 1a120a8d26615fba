// Threads owned through std::unique_ptr or std::optional, as locals and
// members: destroying the owner destroys the thread.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <memory>
#include <optional>
#include <thread>

void replicate();
bool quorumLost();

void replicateUnlessLost() {
  auto Replicator = std::make_unique<std::thread>(replicate);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: thread 'Replicator' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  if (quorumLost())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'Replicator' is destroyed here while joinable
  Replicator->join();
}

void replicateOptional() {
  std::optional<std::thread> Replicator;
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: thread 'Replicator' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  Replicator.emplace(replicate);
  // CHECK-NOTES: :[[@LINE-1]]:14: note: thread 'Replicator' started here
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'Replicator' is destroyed here while joinable

class Replica {
public:
  void start() { Worker_ = std::make_unique<std::thread>(replicate); }
  ~Replica() {}

private:
  std::unique_ptr<std::thread> Worker_;
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: member thread 'Worker_' may be destroyed while joinable when 'Replica' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-6]]:28: note: 'Worker_' is started here
  // CHECK-NOTES: :[[@LINE-6]]:3: note: 'Replica::~Replica' does not join or detach 'Worker_'
};

class OptionalReplica {
public:
  void start() { Worker_ = std::thread(replicate); }

private:
  std::optional<std::thread> Worker_;
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: member thread 'Worker_' may be destroyed while joinable when 'OptionalReplica' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-5]]:28: note: 'Worker_' is started here
  // CHECK-NOTES: :[[@LINE-8]]:7: note: the implicit destructor of 'OptionalReplica' does not join or detach 'Worker_'
};

// Near miss: joined on every path.
void replicateAndWait() {
  auto Replicator = std::make_unique<std::thread>(replicate);
  if (quorumLost()) {
    Replicator->join();
    return;
  }
  (*Replicator).join();
}

// Near miss: the destructor joins the owned thread.
class JoiningReplica {
public:
  void start() { Worker_.emplace(replicate); }
  ~JoiningReplica() {
    if (Worker_ && Worker_->joinable())
      Worker_->join();
  }

private:
  std::optional<std::thread> Worker_;
};

// Near miss: the owner is handed over; whoever gets it decides.
void adopt(std::unique_ptr<std::thread> Thread);
void replicateElsewhere() {
  auto Replicator = std::make_unique<std::thread>(replicate);
  adopt(std::move(Replicator));
}

// Near miss: a shared owner is not followed.
void replicateShared() {
  auto Replicator = std::make_shared<std::thread>(replicate);
}

// Near miss: the raw pointer escapes.
void track(std::thread *Thread);
void replicateTracked() {
  auto Replicator = std::make_unique<std::thread>(replicate);
  track(Replicator.get());
}
