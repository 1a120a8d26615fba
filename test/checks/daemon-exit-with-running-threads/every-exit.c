// In C: every exit() on a detached pthread, and exit() on a joined pthread
// started after a detach.
// RUN: %check_daemon %s daemon-exit-with-running-threads %t -- -std=c11

#include <pthread.h>
#include <stdlib.h>

static void *flusher(void *Arg) {
  if (!Arg)
    exit(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'exit' called on the detached thread running 'flusher' runs static destructors and atexit handlers while other threads still run [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+17]]:3: note: thread detached here
  exit(2);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'exit' called on the detached thread running 'flusher' runs static destructors and atexit handlers while other threads still run [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+14]]:3: note: thread detached here
}

static void *watchdog(void *Arg) {
  (void)Arg;
  exit(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'exit' called on the thread running 'watchdog' runs static destructors and atexit handlers while the detached thread running 'flusher' may still be running [daemon-exit-with-running-threads]
  // CHECK-NOTES: :[[@LINE+8]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE+6]]:3: note: thread detached here
}

int run(void) {
  pthread_t Flusher, Watchdog;
  pthread_create(&Flusher, NULL, flusher, NULL);
  pthread_detach(Flusher);
  pthread_create(&Watchdog, NULL, watchdog, NULL);
  return pthread_join(Watchdog, NULL);
}

// Near miss: nothing is detached before the watchdog starts.
int runJoined(void) {
  pthread_t Watchdog;
  pthread_create(&Watchdog, NULL, watchdog, NULL);
  return pthread_join(Watchdog, NULL);
}
