// A C collector that hands pthreads pointers into its own frame.
// RUN: %check_daemon %s daemon-detached-dangling-reference %t -- -std=c11 -D_DEFAULT_SOURCE
// RUN: %check_daemon --front-end plugin %s daemon-detached-dangling-reference %t -- -std=c11 -D_DEFAULT_SOURCE

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Sample {
  char Host[64];
  double Value;
};

static void *report(void *Arg) {
  struct Sample *S = Arg;
  printf("%s %f\n", S->Host, S->Value);
  return NULL;
}

void collect(void) {
  struct Sample S;
  strcpy(S.Host, "db1");
  S.Value = 0.5;
  pthread_t Tid;
  pthread_create(&Tid, NULL, report, &S);
  // CHECK-NOTES: :[[@LINE-1]]:38: warning: detached thread running 'report' receives a pointer to 'S'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: thread detached here
  pthread_detach(Tid);
}

void collectDetachedAttribute(void) {
  char Line[128] = "db2 0.7";
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_t Tid;
  pthread_create(&Tid, &Attr, report, Line);
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: detached thread running 'report' receives a pointer to 'Line'; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: thread detached here
}

// Near misses: the heap, and a joined thread.
void collectOnHeap(void) {
  struct Sample *S = malloc(sizeof *S);
  pthread_t Tid;
  pthread_create(&Tid, NULL, report, S);
  pthread_detach(Tid);
}

void collectJoined(void) {
  struct Sample S = {"db3", 0.9};
  pthread_t Tid;
  pthread_create(&Tid, NULL, report, &S);
  pthread_join(Tid, NULL);
}
