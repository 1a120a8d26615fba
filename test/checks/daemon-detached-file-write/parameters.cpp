// Streams and descriptors passed in as parameters are traced to what the
// visible callers pass: a logging helper called with stderr is not a file.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17

#include <cstdio>
#include <thread>
#include <unistd.h>

static void logTo(std::FILE *Out, const char *Msg) {
  std::fprintf(Out, "%s\n", Msg);
}
static void rawLog(int Fd, const char *Msg) { write(Fd, Msg, 1); }

// Near miss: every caller passes stderr or descriptor 2.
void progress() {
  logTo(stderr, "working");
  rawLog(2, "x");
}
void startProgress() { std::thread(progress).detach(); }

// The helper's only caller passes a file it opened for writing.
static void saveTo(std::FILE *Out) { std::fputs("state", Out); }
void persist() {
  std::FILE *F = std::fopen("state.txt", "w");
  saveTo(F);
}
void startPersist() { std::thread(persist).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:44: warning: detached thread running 'persist' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-4]]:3: note: 'persist' calls 'saveTo'
// CHECK-NOTES: :[[@LINE-8]]:38: note: 'saveTo' writes to a file through 'fputs' here
