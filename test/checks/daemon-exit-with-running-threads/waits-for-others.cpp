// A wait on a condition variable waits only for the threads that may notify
// it. main waits for the configuration loader, not for the detached writer:
// the writer may still be running when main returns. When a thread's code
// cannot all be seen, or it notifies through a pointer, the wait counts.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++17

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

std::mutex M;
std::condition_variable ConfigLoaded, WorkDone;
bool Loaded = false, Done = false;
std::condition_variable *Current = &WorkDone;
std::function<void()> Job;

void writeReport() {
  std::FILE *F = std::fopen("report.txt", "w");
  std::fputs("done\n", F);
  std::fclose(F);
}

void loadConfig() {
  std::lock_guard<std::mutex> L(M);
  Loaded = true;
  ConfigLoaded.notify_one();
}

void writeThenSignal() {
  writeReport();
  std::lock_guard<std::mutex> L(M);
  Done = true;
  WorkDone.notify_all();
}

void notifyCurrent() {
  writeReport();
  Current->notify_all();
}

int main(int Argc, char **) {
  std::unique_lock<std::mutex> L(M, std::defer_lock);
  // Near misses: the thread that writes is the one that notifies; a thread
  // that notifies through a pointer, or runs a std::function, may notify
  // anything.
  if (Argc == 2) {
    std::thread(writeThenSignal).detach();
    L.lock();
    WorkDone.wait(L, [] { return Done; });
    return 0;
  }
  if (Argc == 3) {
    std::thread(notifyCurrent).detach();
    L.lock();
    WorkDone.wait(L, [] { return Done; });
    return 0;
  }
  if (Argc == 4) {
    std::thread([] {
      writeReport();
      Job();
    }).detach();
    L.lock();
    WorkDone.wait(L, [] { return Done; });
    return 0;
  }
  std::thread(writeReport).detach();
  std::thread(loadConfig).detach();
  L.lock();
  ConfigLoaded.wait(L, [] { return Loaded; });
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'main' returns while the detached thread running 'writeReport' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE-6]]:28: note: thread detached here
}
