/* Servers that daemonize with daemon(3).
 * RUN: %check_daemon %s daemon-daemonize-stdio %t -- -std=c11 -D_DEFAULT_SOURCE
 * RUN: %check_daemon --front-end plugin %s daemon-daemonize-stdio %t -- -std=c11 -D_DEFAULT_SOURCE
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void serve(void) { pause(); }

int keepTerminal(void) {
  if (daemon(0, 1) < 0) {
    perror("daemon");
    return 1;
  }
  printf("listening on port 8080\n");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'printf' writes to stdout after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-6]]:7: note: process daemonized here with 'noclose' set; stdout stays attached to the terminal
  serve();
  return 0;
}

int fromFlag(int Foreground) {
  if (daemon(1, Foreground) == -1)
    return 1;
  fprintf(stderr, "pid %d\n", (int)getpid());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fprintf' writes to stderr after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: process daemonized here with a 'noclose' that may be non-zero; stderr may stay attached to the terminal
  serve();
  return 0;
}

/* The status lines go through a helper; the count covers every write. */
static void status(const char *Line) { puts(Line); }

int throughHelper(void) {
  if (daemon(0, 1))
    exit(EXIT_FAILURE);
  status("starting");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'status' writes to stdout after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: process daemonized here with 'noclose' set; stdout stays attached to the terminal
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'throughHelper' calls 'status'
  // CHECK-NOTES: :[[@LINE-9]]:40: note: 'status' writes to stdout through 'puts' here
  write(STDERR_FILENO, "ready\n", 6);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: and 2 more writes to stdout or stderr after daemonizing, the next one here
  perror("still here");
  serve();
  return 0;
}

/* Only stdin and stdout were redirected: stderr still goes to the
 * terminal. */
int stderrStillAttached(void) {
  if (daemon(0, 1) != 0)
    return 1;
  int Null = open("/dev/null", O_RDWR);
  dup2(Null, STDIN_FILENO);
  dup2(Null, STDOUT_FILENO);
  printf("quiet\n");
  fputs("noisy\n", stderr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fputs' writes to stderr after daemonizing; the terminal may be gone, and the output is lost or the write fails [daemon-daemonize-stdio]
  // CHECK-NOTES: :[[@LINE-8]]:7: note: process daemonized here with 'noclose' set; stderr stays attached to the terminal
  serve();
  return 0;
}

/* Near miss: daemon() redirects 0, 1 and 2 to /dev/null itself. */
int closesStdio(void) {
  if (daemon(0, 0) < 0) {
    perror("daemon");
    return 1;
  }
  printf("listening\n");
  serve();
  return 0;
}

/* Near miss: noclose is a constant 0. */
enum { KeepStdio = 0 };
int constantZero(void) {
  daemon(0, KeepStdio);
  puts("started");
  serve();
  return 0;
}

/* Near miss: every standard descriptor goes to /dev/null. */
int redirected(void) {
  if (daemon(0, 1) < 0)
    return 1;
  int Null = open("/dev/null", O_RDWR);
  for (int Fd = 0; Fd < 3; ++Fd)
    dup2(Null, Fd);
  printf("listening\n");
  perror("nothing");
  serve();
  return 0;
}

/* Near miss: closed, then reopened on /dev/null (open takes the lowest free
 * descriptor). */
int closedAndReopened(void) {
  if (daemon(0, 1) < 0)
    return 1;
  close(0);
  close(1);
  close(2);
  open("/dev/null", O_RDONLY);
  open("/dev/null", O_WRONLY);
  open("/dev/null", O_WRONLY);
  fprintf(stderr, "gone\n");
  serve();
  return 0;
}

/* Near miss: stdout and stderr reopened on a log file; stderr was already
 * redirected before daemonizing, which is why noclose is set. */
int logFile(void) {
  if (!freopen("/var/log/server.log", "a", stderr))
    return 1;
  if (daemon(0, 1) < 0) {
    perror("daemon");
    return 1;
  }
  freopen("/var/log/server.log", "a", stdout);
  printf("listening\n");
  fprintf(stderr, "ready\n");
  serve();
  return 0;
}

/* Near miss: writes to a file or a file descriptor, and writes before
 * daemonizing. */
int fileOutput(void) {
  puts("starting");
  FILE *Log = fopen("/var/log/server.log", "a");
  int Pid = open("/run/server.pid", O_WRONLY | O_CREAT, 0644);
  if (!Log || Pid < 0 || daemon(0, 1) < 0)
    return 1;
  fprintf(Log, "started\n");
  dprintf(Pid, "%d\n", (int)getpid());
  serve();
  return 0;
}
