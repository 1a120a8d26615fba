// Backups, thumbnails and mail sent through child processes started from
// detached threads.
// RUN: %check_daemon %s daemon-detached-subprocess %t -- -std=c++17 -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-detached-subprocess %t -- -std=c++17 -I%S/../../../include

#include "daemon/discardable.h"
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

void runBackup() { std::system("tar czf /backup/db.tgz /var/lib/db"); }
void backupInBackground() {
  std::thread Backup(runBackup);
  Backup.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread running 'runBackup' runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-6]]:20: note: 'runBackup' runs a subprocess through 'system' here
}

void mailReport(const std::string &Body) {
  std::FILE *Mail = popen("sendmail ops@example.com", "w");
  std::fputs(Body.c_str(), Mail);
  pclose(Mail);
}
void mailLater() { std::thread(mailReport, "nightly report").detach(); }
// CHECK-NOTES: :[[@LINE-1]]:62: warning: detached thread running 'mailReport' runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
// CHECK-NOTES: :[[@LINE-6]]:21: note: 'mailReport' runs a subprocess through 'popen' here

void makeThumbnail(const char *Image) {
  pid_t Pid;
  char *Argv[] = {const_cast<char *>("convert"), const_cast<char *>(Image),
                  nullptr};
  posix_spawnp(&Pid, "convert", nullptr, nullptr, Argv, environ);
  waitpid(Pid, nullptr, 0);
}

void runAsync(std::function<void()> Job) { std::thread(std::move(Job)).detach(); }
void thumbnails() {
  runAsync([] { makeThumbnail("cat.png"); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running the lambda at children.cpp:46 runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
  // CHECK-NOTES: :[[@LINE-4]]:44: note: 'runAsync' runs it on a detached thread here
  // CHECK-NOTES: :[[@LINE-3]]:17: note: the lambda at children.cpp:46 calls 'makeThumbnail'
  // CHECK-NOTES: :[[@LINE-10]]:3: note: 'makeThumbnail' runs a subprocess through 'posix_spawnp' here
}

void reindex() {
  if (fork() == 0) {
    execlp("reindex", "reindex", "--all", static_cast<char *>(nullptr));
    _exit(127);
  }
}
void reindexLater() { std::thread(reindex).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:44: warning: detached thread running 'reindex' runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
// CHECK-NOTES: :[[@LINE-7]]:7: note: 'reindex' runs a subprocess through 'fork' here (and 1 more subprocess)

// Near miss: joined.
void backupAndWait() {
  std::thread Backup(runBackup);
  Backup.join();
}

// Near miss: annotated as disposable.
DAEMON_DISCARDABLE void warmDnsCache() { std::system("nslookup example.com"); }
void warmLater() { std::thread(warmDnsCache).detach(); }

// Near miss: the child is started on a path this thread never takes.
void maybeBackup(bool Enabled) {
  if (Enabled)
    runBackup();
}
void noBackup() { std::thread([] { /* maybeBackup(true) is not called */ }).detach(); }
