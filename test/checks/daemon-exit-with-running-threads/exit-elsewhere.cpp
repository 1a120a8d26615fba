// exit() called on a detached thread, and from a signal handler of a
// program that detaches threads.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-exit-with-running-threads %t -- -std=c++17

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <signal.h>
#include <thread>
#include <unistd.h>

void shutdownOnError(int Code) {
  std::fprintf(stderr, "fatal %d\n", Code);
  std::exit(Code);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'exit' called on the detached thread running 'watchdog' runs static destructors and atexit handlers while other threads still run [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+6]]:5: note: 'watchdog' calls 'shutdownOnError'
  // CHECK-NOTES: :[[@LINE+28]]:46: note: thread detached here
}

void watchdog() {
  for (;;)
    shutdownOnError(2);
}

void onTerm(int) { std::exit(0); }
// CHECK-NOTES: :[[@LINE-1]]:20: warning: 'exit' in the signal handler 'onTerm' runs static destructors and atexit handlers while detached threads still run; call '_exit' or 'quick_exit' instead [daemon-exit-with-running-threads]
// CHECK-NOTES: :[[@LINE+8]]:3: note: 'onTerm' installed as a signal handler here
void onHup(int) { _exit(0); } // the safe choice: silent
void onInt(int) { std::quick_exit(1); } // also safe: silent
void onUsr(int, siginfo_t *, void *) { exit(4); }
// CHECK-NOTES: :[[@LINE-1]]:40: warning: 'exit' in the signal handler 'onUsr' runs static destructors and atexit handlers while detached threads still run; call '_exit' or 'quick_exit' instead [daemon-exit-with-running-threads]
// CHECK-NOTES: :[[@LINE+9]]:21: note: 'onUsr' installed as a signal handler here

void installHandlers() {
  std::signal(SIGTERM, onTerm);
  std::signal(SIGHUP, onHup);
  struct sigaction Action = {};
  Action.sa_handler = onInt;
  sigaction(SIGINT, &Action, nullptr);
  struct sigaction Info = {};
  Info.sa_sigaction = onUsr;
  sigaction(SIGUSR1, &Info, nullptr);
}

void startWatchdog() { std::thread(watchdog).detach(); }

// A joined thread may call exit(): not this check's business.
void joinedExit() {
  std::thread T([] { std::exit(1); });
  T.join();
}
