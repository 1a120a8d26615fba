/* Daemonizing spread over helpers, conditional daemonizing, and the C
 * library's names.
 * RUN: %check_daemon %s daemon-daemonize-stdio %t -- -std=c11 -D_DEFAULT_SOURCE
 * RUN: %check_daemon --front-end plugin %s daemon-daemonize-stdio %t -- -std=c11 -D_DEFAULT_SOURCE
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void newSession(void) {
  if (setsid() < 0)
    _exit(1);
}

static void quietStdio(void) {
  int Null = open("/dev/null", O_RDWR);
  if (Null == -1)
    return;
  dup2(Null, STDIN_FILENO);
  dup2(Null, STDOUT_FILENO);
  dup2(Null, STDERR_FILENO);
}

/* setsid() in a helper still makes the child a daemon. */
void spawnMonitor(void) {
  pid_t Pid;
  if ((Pid = fork()) == 0) {
    newSession();
    warnx("monitor %d up", (int)getpid());
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'warnx' writes to stderr after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
    // CHECK-NOTES: :[[@LINE-20]]:7: note: the child calls 'setsid' here without redirecting stderr
    pause();
    _exit(0);
  }
  printf("monitor is %d\n", (int)Pid);
}

/* Near miss: the helper moves all three descriptors to /dev/null. */
void spawnQuietMonitor(void) {
  if (fork() == 0) {
    newSession();
    quietStdio();
    warnx("monitor up");
    pause();
    _exit(0);
  }
}

/* Daemonizing on one path is enough. */
int runServer(int Background) {
  if (Background && daemon(0, 1) < 0)
    err(EXIT_FAILURE, "daemon");
  puts("server running");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'puts' writes to stdout after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: process daemonized here with 'noclose' set; stdout stays attached to the terminal
  pause();
  return 0;
}

/* Near miss: a program's own error() is not glibc's, and it writes to a
 * log file. */
static FILE *Log;
static void error(const char *Message) { fprintf(Log, "error: %s\n", Message); }

int runLogged(void) {
  Log = fopen("/var/log/runner.log", "a");
  if (!Log || daemon(0, 1) < 0)
    return 1;
  error("started");
  pause();
  return 0;
}
