// A shutdown sequence written with flags, guards and switches: each of these
// joins at most once, and the analysis must see it or stay silent.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <atomic>
#include <functional>
#include <map>
#include <thread>
#include <utility>

void drain();
bool ready();
void markDone(bool &Done);

// Near miss: a local flag records the join.
void joinOnceWithFlag(bool Early) {
  std::thread Drainer(drain);
  bool Joined = false;
  if (Early) {
    Drainer.join();
    Joined = true;
  }
  if (!Joined)
    Drainer.join();
}

// Near miss: a local flag records the start.
void joinIfStarted(bool Enabled) {
  std::thread Drainer;
  bool Started = false;
  if (Enabled) {
    Drainer = std::thread(drain);
    Started = true;
  }
  if (Started)
    Drainer.join();
}

// Near miss: a loop that stops once the join happened.
void pollUntilJoined() {
  std::thread Drainer(drain);
  bool Done = false;
  while (!Done) {
    if (ready()) {
      Drainer.join();
      Done = true;
    }
  }
}

// Near miss: the last iteration joins; the analysis does not count.
void joinOnLastBatch(int Batches) {
  std::thread Drainer(drain);
  for (int I = 0; I < Batches; ++I)
    if (I == Batches - 1)
      Drainer.join();
}

// Near miss: joinable() on the right of &&, cached in a local, or spelt
// with get_id().
void guardedForms(bool Background, bool Ready) {
  std::thread A(drain), B(drain), C;
  if (Background) {
    A.detach();
    B.detach();
  }
  if (Ready && A.joinable())
    A.join();
  const bool Running = B.joinable();
  if (Running)
    B.join();
  if (Ready)
    C = std::thread(drain);
  if (C.get_id() != std::thread::id())
    C.join();
}

// Near miss: the flag may change behind a reference or in another thread;
// the analysis cannot tell, so it stays silent.
std::atomic<bool> Running{true};
void flagChangedUnseen(bool Closed) {
  std::thread A(drain), B(drain);
  if (Closed)
    A.join();
  markDone(Closed);
  if (Closed)
    A.join();
  if (Running.load()) {
    B.join();
    Running.store(false);
  }
  if (Running.load())
    B.join();
}

// Near miss: a map may keep its element and leave the thread with us.
void maybeStored(std::map<int, std::thread> &Workers, int Key) {
  std::thread Drainer(drain);
  auto Inserted = Workers.try_emplace(Key, std::move(Drainer));
  if (!Inserted.second)
    Drainer.join();
}

// Near miss: a stored callback may restart the member thread.
struct Service {
  std::thread Worker;
  std::function<void()> Restart;
  Service() {
    Restart = [this] { Worker = std::thread(drain); };
  }
  void cycle() {
    Worker.join();
    Restart();
    Worker.join();
  }
};

// A switch case correlates with a later test of the same local.
void switchThenTest(int Mode) {
  std::thread Drainer(drain);
  switch (Mode) {
  case 0:
    Drainer.detach();
    break;
  default:
    break;
  }
  if (Mode)
    Drainer.join();
}

// But a case that joins, followed by a join on the non-zero path, is a
// double join when Mode is 1.
void switchThenJoinAgain(int Mode) {
  std::thread Drainer(drain);
  switch (Mode) {
  case 1:
    Drainer.join();
    break;
  default:
    break;
  }
  if (Mode)
    Drainer.join();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'join' on thread 'Drainer', which may already have been joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-8]]:13: note: thread 'Drainer' joined here
}

// An unguarded join after a flag-guarded one is still reported.
void joinAgainRegardless(bool Early) {
  std::thread Drainer(drain);
  bool Joined = false;
  if (Early) {
    Drainer.join();
    Joined = true;
  }
  Drainer.join();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'join' on thread 'Drainer', which may already have been joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:13: note: thread 'Drainer' joined here
}
