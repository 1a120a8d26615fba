/* The C `finally`: a pthread cleanup handler that removes a lock file.
 * RUN: %check_daemon %s daemon-detached-raii-cleanup %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-detached-raii-cleanup %t -- -std=c11
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void releaseLock(void *Path) { unlink((const char *)Path); }
static void noop(void *Arg) { (void)Arg; }

static void *holdLock(void *Path) {
  pthread_cleanup_push(releaseLock, Path);
  pause();
  pthread_cleanup_pop(1);
  return NULL;
}

void lockInBackground(void) {
  pthread_t Tid;
  pthread_create(&Tid, NULL, holdLock, "/run/app.lock");
  pthread_detach(Tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'holdLock' relies on the cleanup handler 'releaseLock', which does not run if the process exits first [daemon-detached-raii-cleanup]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-12]]:3: note: 'holdLock' pushes the cleanup handler 'releaseLock' here
}

/* Near miss: a handler with no effect. */
static void *waitQuietly(void *Arg) {
  pthread_cleanup_push(noop, Arg);
  pause();
  pthread_cleanup_pop(0);
  return NULL;
}
void waitInBackground(void) {
  pthread_t Tid;
  pthread_create(&Tid, NULL, waitQuietly, NULL);
  pthread_detach(Tid);
}

/* Near miss: joined. */
void lockAndWait(void) {
  pthread_t Tid;
  pthread_create(&Tid, NULL, holdLock, "/run/app.lock");
  pthread_join(Tid, NULL);
}
