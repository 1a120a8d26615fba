/* C11 threads, after CERT CON39-C: a thread that detaches itself must not
 * be joined; a handle is joined or detached once.
 * RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>
#include <threads.h>

void refreshCache(void);

/* CON39-C's noncompliant example. */
int threadFunc(void *Arg) {
  (void)Arg;
  thrd_detach(thrd_current());
  refreshCache();
  return 0;
}

int con39(void) {
  thrd_t Thread;
  if (thrd_success != thrd_create(&Thread, threadFunc, NULL))
    return -1;
  if (thrd_success != thrd_join(Thread, 0))
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'thrd_join' on thread 'Thread', which detaches itself; the behaviour is undefined [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-11]]:3: note: 'threadFunc' detaches its own thread here
    return -1;
  return 0;
}

/* Near miss: CON39-C's compliant solution does not join it. */
int con39Compliant(void) {
  thrd_t Thread;
  if (thrd_success != thrd_create(&Thread, threadFunc, NULL))
    return -1;
  return 0;
}

/* The same with POSIX threads. */
void *heartbeat(void *Arg) {
  pthread_detach(pthread_self());
  refreshCache();
  return Arg;
}

void startHeartbeat(void) {
  pthread_t Beat;
  pthread_create(&Beat, NULL, heartbeat, NULL);
  pthread_join(Beat, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Beat', which detaches itself; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-10]]:3: note: 'heartbeat' detaches its own thread here
}

void detachSelfDetaching(void) {
  pthread_t Beat;
  pthread_create(&Beat, NULL, heartbeat, NULL);
  pthread_detach(Beat);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_detach' on thread 'Beat', which detaches itself; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-18]]:3: note: 'heartbeat' detaches its own thread here
}

/* Near miss: the entry detaches itself only on one branch; whether the
 * creator may join depends on the argument. */
int maybeDetach(void *Arg) {
  if (Arg)
    thrd_detach(thrd_current());
  refreshCache();
  return 0;
}

void joinMaybeDetached(void) {
  thrd_t Thread;
  thrd_create(&Thread, maybeDetach, NULL);
  thrd_join(Thread, NULL);
}

/* Near miss: the entry may return before it detaches. */
int detachLate(void *Arg) {
  if (!Arg)
    return 1;
  thrd_detach(thrd_current());
  return 0;
}

void joinLateDetacher(void) {
  thrd_t Thread;
  thrd_create(&Thread, detachLate, NULL);
  thrd_join(Thread, NULL);
}

int refresher(void *Arg) {
  (void)Arg;
  refreshCache();
  return 0;
}

void detachTwice(void) {
  thrd_t Thread;
  thrd_create(&Thread, refresher, NULL);
  thrd_detach(Thread);
  thrd_detach(Thread);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'thrd_detach' on thread 'Thread', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Thread' detached here
}

int joinAfterDetach(void) {
  thrd_t Thread;
  int Result;
  thrd_create(&Thread, refresher, NULL);
  thrd_detach(Thread);
  return thrd_join(Thread, &Result);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'thrd_join' on thread 'Thread', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Thread' detached here
}

/* Near miss: a self-detaching thread that is never joined. */
void fireHeartbeat(void) {
  thrd_t Thread;
  thrd_create(&Thread, threadFunc, NULL);
}

/* Near miss: join one thread, detach another. */
void joinOneDetachOther(void) {
  thrd_t Joined, Detached;
  thrd_create(&Joined, refresher, NULL);
  thrd_create(&Detached, refresher, NULL);
  thrd_join(Joined, NULL);
  thrd_detach(Detached);
}
