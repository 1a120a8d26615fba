// Services that daemonize by hand: fork(), setsid() in the child, and
// (sometimes) the descriptors 0, 1 and 2 moved to /dev/null.
// RUN: %check_daemon %s daemon-daemonize-stdio %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-daemonize-stdio %t -- -std=c++17

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

void runService();

void startWorker() {
  pid_t Pid = fork();
  if (Pid < 0) {
    std::perror("fork");
    return;
  }
  if (Pid == 0) {
    setsid();
    std::cout << "worker " << getpid() << " ready" << std::endl;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'std::cout' writes to stdout after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: the child calls 'setsid' here without redirecting stdout
    runService();
    _exit(0);
  }
  std::cout << "started worker " << Pid << '\n';
}

// The parent leaves at once; the rest of the function is the child.
void becomeDaemon(const std::string &Name) {
  pid_t Pid = fork();
  if (Pid < 0)
    std::exit(EXIT_FAILURE);
  if (Pid > 0)
    std::exit(EXIT_SUCCESS);
  if (setsid() < 0)
    std::exit(EXIT_FAILURE);
  umask(0);
  chdir("/");
  int Null = open("/dev/null", O_RDWR);
  dup2(Null, STDIN_FILENO);
  dup2(Null, STDOUT_FILENO);
  std::printf("%s: quiet\n", Name.c_str());
  std::cerr << Name << ": running\n";
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'std::cerr' writes to stderr after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-10]]:7: note: the child calls 'setsid' here without redirecting stderr
  // CHECK-NOTES: :[[@LINE+1]]:3: note: and 2 more writes to stdout or stderr after daemonizing, the next one here
  write(2, "up\n", 3);
  std::clog << "serving\n";
  runService();
}

void log(const char *Line) { std::fprintf(stderr, "%s\n", Line); }
void announce() { log("detached"); }

void switchOnFork() {
  switch (fork()) {
  case -1:
    std::perror("fork");
    return;
  case 0:
    break;
  default:
    std::puts("parent: child started");
    return;
  }
  setsid();
  announce();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'announce' writes to stderr after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the child calls 'setsid' here without redirecting stderr
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'switchOnFork' calls 'announce'
  // CHECK-NOTES: :[[@LINE-18]]:19: note: 'announce' calls 'log'
  // CHECK-NOTES: :[[@LINE-20]]:30: note: 'log' writes to stderr through 'fprintf' here
  runService();
}

void forkInCondition() {
  if (!fork()) {
    setsid();
    const char Msg[] = "child up\n";
    write(STDOUT_FILENO, Msg, sizeof Msg - 1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'write' writes to stdout after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the child calls 'setsid' here without redirecting stdout
    runService();
    _exit(0);
  }
}

// Near miss: the child does not leave the session; its output still goes
// where the parent's does.
void plainChild() {
  if (fork() == 0) {
    std::puts("child");
    _exit(0);
  }
}

// Near miss: the parent's side and the failure branch print; the child is
// silent.
void parentPrints() {
  pid_t Pid = fork();
  if (Pid == -1) {
    std::perror("fork");
    return;
  }
  if (Pid != 0) {
    std::printf("daemon pid %d\n", Pid);
    return;
  }
  setsid();
  runService();
}

// Near miss: the classic recipe, every standard descriptor on /dev/null.
void classicRecipe() {
  if (fork() > 0)
    _exit(0);
  setsid();
  if (fork() > 0)
    _exit(0);
  for (int Fd = sysconf(_SC_OPEN_MAX); Fd >= 0; --Fd)
    close(Fd);
  open("/dev/null", O_RDWR);
  dup(0);
  dup(0);
  std::cout << "unreachable terminal" << std::endl;
  runService();
}

// Near miss: stdout and stderr reopened on a log file, output only after.
void toLogFile() {
  if (fork() != 0)
    return;
  setsid();
  std::freopen("/var/log/service.log", "a", stdout);
  std::freopen("/var/log/service.log", "a", stderr);
  std::cout << "logging to file\n";
  std::perror("still fine");
  runService();
}

// Near miss: output only when exec fails, which is the failure branch.
void execService() {
  if (fork() == 0) {
    setsid();
    execl("/usr/sbin/service", "service", static_cast<char *>(nullptr));
    std::perror("execl");
    _exit(127);
  }
}

// Near miss: the child writes to a file and to a pid file descriptor.
void pidFile() {
  if (fork() == 0) {
    setsid();
    std::FILE *Log = std::fopen("/var/log/service.log", "a");
    int Fd = open("/run/service.pid", O_WRONLY | O_CREAT, 0644);
    std::fprintf(Log, "started\n");
    dprintf(Fd, "%d\n", getpid());
    runService();
  }
}
