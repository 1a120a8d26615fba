// A C daemon whose main starts detached pthreads through a helper and ends
// through another one.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c11 -D_DEFAULT_SOURCE
// RUN: %check_daemon --front-end plugin %s daemon-exit-with-running-threads %t -- -std=c11 -D_DEFAULT_SOURCE

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *flushMetrics(void *Arg) {
  FILE *Out = fopen("/var/lib/metrics", "a");
  fprintf(Out, "%d\n", *(int *)Arg);
  fclose(Out);
  return NULL;
}

static int Value = 42;

static void startFlusher(void) {
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_t Tid;
  pthread_create(&Tid, &Attr, flushMetrics, &Value);
}

// Only main calls it: its exit ends main's paths.
static void die(const char *Why) {
  fprintf(stderr, "%s\n", Why);
  exit(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'exit' ends the process while the detached thread running 'flushMetrics' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+4]]:3: note: this call detaches the thread
}

int main(int Argc, char **Argv) {
  startFlusher();
  pid_t Child = fork();
  if (Child == 0) {
    execl("/bin/true", "true", (char *)NULL);
    _exit(127); // ends the child only: silent
  }
  waitpid(Child, NULL, 0);
  if (Argc < 2)
    die("usage");
  puts(Argv[1]);
}
// CHECK-NOTES: :[[@LINE-1]]:1: warning: 'main' returns while the detached thread running 'flushMetrics' may still be running; its unfinished work is lost [daemon-exit-with-running-threads]
// CHECK-NOTES: :[[@LINE-12]]:3: note: this call detaches the thread
