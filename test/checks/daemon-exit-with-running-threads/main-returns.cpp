// A command-line uploader whose main returns while its detached workers
// still write, print and send.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c++20 -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-exit-with-running-threads %t -- -std=c++20 -I%S/../../../include

#include "daemon/discardable.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <latch>
#include <thread>

void writeReport() {
  std::FILE *Out = std::fopen("report.txt", "w");
  std::fputs("done\n", Out);
  std::fclose(Out);
}

void printProgress() {
  for (int I = 0; I < 100; ++I)
    std::cout << I << "%\n";
}

int compute() {
  int Sum = 0;
  for (int I = 0; I < 1000; ++I)
    Sum += I;
  return Sum;
}

void startReporter() { std::thread(writeReport).detach(); }

int main(int Argc, char **Argv) {
  if (Argc < 2)
    return 2; // no thread exists yet
  std::thread Reporter(writeReport);
  Reporter.detach();
  if (Argv[1][0] == 'q')
    return 1;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'main' returns while the detached thread running 'writeReport' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
    // CHECK-NOTES: :[[@LINE-4]]:12: note: thread detached here
  std::thread(printProgress).detach();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  if (Argv[1][0] == 'x')
    std::exit(3);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'exit' ends the process while the detached thread running 'writeReport' may still be running; its unfinished work is lost, and 'sleep_for' does not wait for it [daemon-exit-with-running-threads]
    // CHECK-NOTES: :[[@LINE-10]]:12: note: thread detached here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: 'sleep_for' waits for a fixed time, not for the thread
  return 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'main' returns while the detached thread running 'writeReport' may still be running; its unfinished work is lost, and 'sleep_for' does not wait for it [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE-14]]:12: note: thread detached here
  // CHECK-NOTES: :[[@LINE-9]]:3: note: 'sleep_for' waits for a fixed time, not for the thread
}

// Each of the following is a separate program's main in spirit; they are
// functions here, so only main is analysed: they stay silent.
int notMain() {
  std::thread(writeReport).detach();
  return 0;
}
