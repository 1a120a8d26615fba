// A batch job that waits for its detached workers before main returns, in
// every way the check knows: silent.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++20
// RUN: %check_daemon --front-end plugin %s daemon-exit-with-running-threads %t -- -std=c++20

#include <condition_variable>
#include <cstdio>
#include <future>
#include <latch>
#include <mutex>
#include <thread>

void save(const char *Path) {
  std::FILE *Out = std::fopen(Path, "w");
  std::fputs("state\n", Out);
  std::fclose(Out);
}

std::latch Done(2);
std::mutex M;
std::condition_variable Cv;
bool Ready = false;

void waitForAll() { Done.wait(); }

int main(int Argc, char **) {
  std::promise<void> Saved;
  std::future<void> SavedFuture = Saved.get_future();
  std::thread([P = std::move(Saved)]() mutable {
    save("a.txt");
    P.set_value();
  }).detach();
  SavedFuture.get();

  std::thread([] {
    save("b.txt");
    Done.count_down();
  }).detach();
  std::thread([] {
    save("c.txt");
    Done.count_down();
  }).detach();
  std::thread([] { save("b2.txt"); }).detach();
  waitForAll(); // a wait in a function main calls

  std::thread([] {
    save("d.txt");
    std::lock_guard<std::mutex> Lock(M);
    Ready = true;
    Cv.notify_one();
  }).detach();
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock, [] { return Ready; });
  if (Argc > 3)
    return 1;

  std::thread Helper([] {});
  std::thread([] { save("e.txt"); }).detach();
  Helper.join(); // a join of another thread counts as a wait
  return 0;
}
