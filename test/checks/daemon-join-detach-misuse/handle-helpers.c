/* Helpers that join or detach the handle they are given, copies of a
 * handle passed to other functions, and threads that detach themselves
 * twice.
 * RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>
#include <threads.h>

int flushJournal(void *Arg);
void *serveClient(void *Arg);
void logThreadId(pthread_t Thread);

static void detach(thrd_t Thread) { thrd_detach(Thread); }
static void reap(pthread_t *Thread) { pthread_join(*Thread, NULL); }
static void retire(pthread_t Thread) { pthread_detach(Thread); }
static void shutdownClient(pthread_t Thread) { retire(Thread); }

void detachTwiceThroughHelper(void) {
  thrd_t Flusher;
  thrd_create(&Flusher, flushJournal, NULL);
  thrd_detach(Flusher);
  detach(Flusher);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'detach' on thread 'Flusher', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-11]]:37: note: 'detach' detaches thread 'Flusher' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread 'Flusher' detached here
}

void helperThenDetach(void) {
  thrd_t Flusher;
  thrd_create(&Flusher, flushJournal, NULL);
  detach(Flusher);
  thrd_detach(Flusher);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'thrd_detach' on thread 'Flusher', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Flusher' detached here
}

void reapThenJoin(void) {
  pthread_t Client;
  pthread_create(&Client, NULL, serveClient, NULL);
  reap(&Client);
  pthread_join(Client, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Client', which was already joined; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Client' joined here
}

void shutdownTwice(void) {
  pthread_t Client;
  pthread_create(&Client, NULL, serveClient, NULL);
  shutdownClient(Client);
  shutdownClient(Client);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'shutdownClient' on thread 'Client', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-36]]:48: note: 'shutdownClient' detaches thread 'Client' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread 'Client' detached here
}

/* A copy passed to an unrelated function is not an escape. */
void logThenDetachTwice(void) {
  pthread_t Client;
  pthread_create(&Client, NULL, serveClient, NULL);
  pthread_detach(Client);
  logThreadId(Client);
  pthread_detach(Client);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_detach' on thread 'Client', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread 'Client' detached here
}

/* A thread that detaches itself twice, directly or through the helper. */
int journalTwice(void *Arg) {
  (void)Arg;
  thrd_detach(thrd_current());
  detach(thrd_current());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'detach' on the current thread, which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-60]]:37: note: 'detach' detaches the current thread here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the current thread detached here
  return 0;
}

void *serveTwice(void *Arg) {
  pthread_detach(pthread_self());
  if (Arg)
    pthread_detach(pthread_self());
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_detach' on the current thread, which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the current thread detached here
  return Arg;
}

/* A thread that detaches itself through the helper, detached again by its
 * creator. */
int selfDetachingJournal(void *Arg) {
  detach(thrd_current());
  return Arg != NULL;
}

void detachSelfDetaching(void) {
  thrd_t Journal;
  thrd_create(&Journal, selfDetachingJournal, NULL);
  thrd_detach(Journal);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'thrd_detach' on thread 'Journal', which detaches itself; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-9]]:3: note: 'selfDetachingJournal' detaches its own thread here
}

/* Near miss: the helper detaches only when asked. */
static void detachIfAsked(pthread_t Thread, int Asked) {
  if (Asked)
    pthread_detach(Thread);
}

void maybeDetachThenDetach(int Asked) {
  pthread_t Client;
  pthread_create(&Client, NULL, serveClient, NULL);
  detachIfAsked(Client, Asked);
  pthread_detach(Client);
}

/* Near miss: one detach through the helper, one join of another thread. */
void detachOnce(void) {
  pthread_t Client, Other;
  pthread_create(&Client, NULL, serveClient, NULL);
  pthread_create(&Other, NULL, serveClient, NULL);
  retire(Client);
  logThreadId(Client);
  pthread_join(Other, NULL);
}

/* Near miss: the thread detaches itself once. */
int journalOnce(void *Arg) {
  detach(thrd_current());
  return Arg != NULL;
}

/* Near miss: a helper that stores the handle it is given by address. */
void remember(pthread_t *Thread);
void rememberThenDetach(void) {
  pthread_t Client;
  pthread_create(&Client, NULL, serveClient, NULL);
  pthread_detach(Client);
  remember(&Client);
  pthread_detach(Client);
}
