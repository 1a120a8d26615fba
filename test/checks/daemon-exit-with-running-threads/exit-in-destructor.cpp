// exit() reached from main through calls at any depth, and from the
// destructor of one of main's locals, after a detach on that path.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++17

#include <cstdio>
#include <cstdlib>
#include <thread>

void writeReport() {
  std::FILE *Out = std::fopen("report.txt", "w");
  if (Out) {
    std::fputs("done\n", Out);
    std::fclose(Out);
  }
}

// Exits from its destructor.
struct ExitOnFailure {
  bool Failed = false;
  ~ExitOnFailure() {
    if (Failed)
      std::exit(3);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'exit' ends the process while the detached thread running 'writeReport' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+29]]:28: note: thread detached here
  }
};

// Near miss: a destructor that does not exit.
struct Flag {
  bool Set = false;
  ~Flag() { Set = false; }
};

void fail(int Code) { std::exit(Code); }
// CHECK-NOTES: :[[@LINE-1]]:23: warning: 'exit' ends the process while the detached thread running 'writeReport' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
// CHECK-NOTES: :[[@LINE+17]]:28: note: thread detached here
void check(int Argc) {
  if (Argc > 2)
    fail(2);
}

int main(int Argc, char **) {
  // Before the detach, this call's exit ends nothing that runs; the same
  // helper is analysed again for the call after it.
  check(Argc);
  {
    // Near miss: destroyed before anything is detached.
    ExitOnFailure Early;
    Early.Failed = Argc > 4;
  }
  ExitOnFailure Guard;
  Flag Quiet;
  std::thread(writeReport).detach();
  check(Argc);
  Guard.Failed = Argc > 1;
  Quiet.Set = true;
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'main' returns while the detached thread running 'writeReport' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE-6]]:28: note: thread detached here
}
