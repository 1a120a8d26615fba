// A program's own functions named like the process APIs are not
// subprocesses.
// RUN: %check_daemon %s daemon-detached-subprocess %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-subprocess %t -- -std=c++17

#include <cstdlib>
#include <string>
#include <thread>

struct Job {
  std::string Command;
};

void system(Job &J) { J.Command.clear(); }
int fork(const Job &J) { return static_cast<int>(J.Command.size()); }
void popen(Job &J, const char *Mode) { J.Command += Mode; }

void planInBackground(Job &J) {
  std::thread([&J] {
    system(J);
    fork(J);
    popen(J, "r");
  }).detach();
}

// The real one still counts.
void syncInBackground() {
  std::thread([] { std::system("sync"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:44: warning: detached thread running the lambda at overloads.cpp:28 runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: the lambda at overloads.cpp:28 runs a subprocess through 'system' here
}
