// Cleanup that detached threads rely on: destructors of locals, pthread
// cleanup handlers and thread_local destructors.
// RUN: %check_daemon %s daemon-detached-raii-cleanup %t -- -std=c++17 -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-detached-raii-cleanup %t -- -std=c++17 -I%S/../../../include

#include "daemon/discardable.h"
#include <cstdio>
#include <fstream>
#include <future>
#include <memory>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

// A log that is flushed and closed by std::ofstream's destructor.
void writeAudit() {
  std::ofstream Audit("audit.log", std::ios::app);
  Audit << "login\n";
}
void auditLater() { std::thread(writeAudit).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:45: warning: detached thread running 'writeAudit' relies on the destructor of 'Audit', which does not run if the process exits first [daemon-detached-raii-cleanup]
// CHECK-NOTES: :[[@LINE-5]]:17: note: 'writeAudit' would run '~basic_ofstream' here when 'Audit' goes out of scope

// A scratch file removed by its owner's destructor, one call down.
class TempFile {
public:
  explicit TempFile(std::string Path) : Path(std::move(Path)) {}
  ~TempFile() { unlink(Path.c_str()); }

private:
  std::string Path;
};
void convert() { TempFile Scratch("/tmp/convert.tmp"); }
void convertJob() { convert(); }
void convertLater() {
  std::thread Worker(convertJob);
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread running 'convertJob' relies on the destructor of 'Scratch', which does not run if the process exits first [daemon-detached-raii-cleanup]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-6]]:21: note: 'convertJob' calls 'convert'
  // CHECK-NOTES: :[[@LINE-8]]:27: note: 'convert' would run '~TempFile' here when 'Scratch' goes out of scope
}

// A session that says goodbye to the server when it ends.
class Session {
public:
  explicit Session(int Fd) : Fd(Fd) {}
  ~Session() { send(Fd, "BYE\n", 4, 0); }

private:
  int Fd;
};
void chat(int Fd) { Session S(Fd); }
void chatLater(int Fd) { std::thread(chat, Fd).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:48: warning: detached thread running 'chat' relies on the destructor of 'S', which does not run if the process exits first [daemon-detached-raii-cleanup]
// CHECK-NOTES: :[[@LINE-3]]:29: note: 'chat' would run '~Session' here when 'S' goes out of scope

// A FILE* closed by its owner.
void dumpTable() {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> Out(
      std::fopen("table.csv", "w"), &std::fclose);
}
void dumpLater() { std::thread(dumpTable).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:43: warning: detached thread running 'dumpTable' relies on the destructor of 'Out', which does not run if the process exits first [daemon-detached-raii-cleanup]
// CHECK-NOTES: :[[@LINE-5]]:54: note: 'dumpTable' would run 'fclose' here when 'Out' goes out of scope

// A pthread cleanup handler that flushes a journal.
void flushJournal(void *) { std::fputs("end\n", stderr); std::remove("journal.lock"); }
void *journalRoutine(void *) {
  pthread_cleanup_push(flushJournal, nullptr);
  pause();
  pthread_cleanup_pop(1);
  return nullptr;
}
void journalLater() {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, journalRoutine, nullptr);
  pthread_detach(Tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'journalRoutine' relies on the cleanup handler 'flushJournal', which does not run if the process exits first [daemon-detached-raii-cleanup]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-11]]:3: note: 'journalRoutine' pushes the cleanup handler 'flushJournal' here
}

// A thread_local cache written back when the thread ends.
struct WriteBackCache {
  ~WriteBackCache() { std::remove("cache.dirty"); }
  int Hits = 0;
};
thread_local WriteBackCache Cache;
void countHit() { ++Cache.Hits; }
void countLater() { std::thread(countHit).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:43: warning: detached thread running 'countHit' relies on the destructor of thread_local 'Cache', which does not run if the process exits first [daemon-detached-raii-cleanup]
// CHECK-NOTES: :[[@LINE-3]]:21: note: 'countHit' uses 'Cache' here; its destructor '~WriteBackCache' runs only at thread exit

// Near miss: joined.
void auditAndWait() {
  std::thread Worker(writeAudit);
  Worker.join();
}

// Near miss: signalled after the locals are destroyed.
void auditThenSignal(std::promise<void> Done) {
  std::ofstream Audit("audit.log", std::ios::app);
  Audit << "logout\n";
  Done.set_value_at_thread_exit();
}
void auditSignalled() {
  std::promise<void> Done;
  std::future<void> Written = Done.get_future();
  std::thread(auditThenSignal, std::move(Done)).detach();
  Written.wait();
}

// Near miss: annotated as disposable.
DAEMON_DISCARDABLE void scratchWork() { TempFile Scratch("/tmp/x"); }
void scratchLater() { std::thread(scratchWork).detach(); }

// Near miss: locals whose destructors have no effect.
void parseInput() {
  std::string Line = "a,b";
  std::vector<int> Fields = {1, 2};
  std::ifstream In("input.csv");
}
void parseLater() { std::thread(parseInput).detach(); }

// Near miss: the local lives in a function this thread never calls.
void idle() {}
void unusedHelper() { TempFile Scratch("/tmp/unused"); }
void idleLater() { std::thread(idle).detach(); }
