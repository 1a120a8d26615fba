// A metrics service whose detached threads use registries, caches and
// configuration that live in static storage and are destroyed at exit.
// RUN: %check_daemon %s daemon-detached-static-destruction %t -- -std=c++17 -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-detached-static-destruction %t -- -std=c++17 -I%S/../../../include

#include "daemon/discardable.h"
#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

struct Registry {
  std::map<std::string, long> Counters;
  void bump(const std::string &Name) { ++Counters[Name]; }
};

Registry GlobalRegistry;

void countRequests() {
  for (;;)
    GlobalRegistry.bump("requests");
}

void startCounter() {
  std::thread(countRequests).detach();
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: detached thread running 'countRequests' uses 'GlobalRegistry', which is destroyed at exit while the thread may still be using it [daemon-detached-static-destruction]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: 'countRequests' uses 'GlobalRegistry' here
  // CHECK-NOTES: :[[@LINE-11]]:10: note: 'GlobalRegistry' has static storage duration and a non-trivial destructor
}

// A static data member, reached through a call chain.
class Cache {
public:
  static std::vector<std::string> Entries;
  static void refresh() { Entries.push_back("fresh"); }
};
std::vector<std::string> Cache::Entries;

void refreshLoop() {
  for (;;)
    Cache::refresh();
}

void startRefresher() {
  std::thread Refresher(refreshLoop);
  Refresher.detach();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: detached thread running 'refreshLoop' uses 'Cache::Entries', which is destroyed at exit while the thread may still be using it [daemon-detached-static-destruction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-8]]:5: note: 'refreshLoop' calls 'Cache::refresh'
  // CHECK-NOTES: :[[@LINE-15]]:27: note: 'Cache::refresh' uses 'Cache::Entries' here
  // CHECK-NOTES: :[[@LINE-14]]:33: note: 'Cache::Entries' has static storage duration and a non-trivial destructor
}

// A function-local static, initialized on the thread.
std::string &configPath() {
  static std::string Path = "/etc/metrics.conf";
  return Path;
}

void startWatcher() {
  std::thread([] {
    for (;;)
      std::this_thread::sleep_for(std::chrono::seconds(configPath().size()));
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at globals.cpp:66 uses 'Path', which is destroyed at exit while the thread may still be using it [daemon-detached-static-destruction]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-4]]:56: note: the lambda at globals.cpp:66 calls 'configPath'
  // CHECK-NOTES: :[[@LINE-12]]:22: note: 'configPath' initializes the function-local static 'Path' here, which has a non-trivial destructor
}

// Near misses: all silent.

// Trivially destructible statics are never destroyed in a way that matters.
std::atomic<long> Ticks{0};
int Plain[16];
const char *Name = "metrics";
void tick() {
  for (;;)
    Ticks += Plain[0] + Name[0];
}
void startTicker() { std::thread(tick).detach(); }

// Never destroyed: a leaked singleton, and [[clang::no_destroy]].
Registry &leakedRegistry() {
  static Registry &R = *new Registry;
  return R;
}
[[clang::no_destroy]] Registry Immortal;
void bumpImmortals() {
  for (;;) {
    leakedRegistry().bump("x");
    Immortal.bump("y");
  }
}
void startImmortals() { std::thread(bumpImmortals).detach(); }

// The standard streams are exempt.
void chatter() {
  for (;;)
    std::cout << "alive" << std::endl;
}
void startChatter() { std::thread(chatter).detach(); }

// Joined: the thread ends before exit.
void startJoined() {
  std::thread T(countRequests);
  T.join();
}

// Annotated as disposable.
DAEMON_DISCARDABLE void sampleRegistry() { GlobalRegistry.bump("samples"); }
void startSampler() { std::thread(sampleRegistry).detach(); }

// A completion signal after the use: the creator can wait for it.
void flushWithSignal(std::promise<void> Done) {
  GlobalRegistry.bump("flushes");
  Done.set_value();
}
void startFlush() {
  std::promise<void> Done;
  std::future<void> Finished = Done.get_future();
  std::thread(flushWithSignal, std::move(Done)).detach();
  Finished.wait();
}

// A static used in code the thread never runs, and only in sizeof.
void unusedPath() { GlobalRegistry.bump("never"); }
void sizeOnly() {
  std::printf("%zu\n", sizeof(GlobalRegistry));
}
void startSizeOnly() { std::thread(sizeOnly).detach(); }
