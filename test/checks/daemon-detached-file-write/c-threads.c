/* C programs: C11 threads and POSIX threads.
 * RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c11
 */
#include <pthread.h>
#include <stdio.h>
#include <threads.h>

static void appendAudit(const char *Line) {
  FILE *Audit = fopen("audit.log", "a");
  if (!Audit)
    return;
  fprintf(Audit, "%s\n", Line);
  fclose(Audit);
}

static int auditWorker(void *Arg) {
  appendAudit((const char *)Arg);
  return 0;
}

void auditC11(void) {
  thrd_t Thread;
  if (thrd_create(&Thread, auditWorker, "login") == thrd_success)
    thrd_detach(Thread);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread running 'auditWorker' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: thread created here
    // CHECK-NOTES: :[[@LINE-10]]:3: note: 'auditWorker' calls 'appendAudit'
    // CHECK-NOTES: :[[@LINE-16]]:3: note: 'appendAudit' writes to a file through 'fprintf' here (and 1 more file write)
}

static int selfDetaching(void *Arg) {
  thrd_detach(thrd_current());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'selfDetaching' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE+9]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE+2]]:3: note: 'selfDetaching' calls 'appendAudit'
  // CHECK-NOTES: :[[@LINE-24]]:3: note: 'appendAudit' writes to a file through 'fprintf' here (and 1 more file write)
  appendAudit((const char *)Arg);
  return 0;
}

void auditC11Self(void) {
  thrd_t Thread;
  thrd_create(&Thread, selfDetaching, "logout");
}

static void *auditRoutine(void *Arg) {
  appendAudit((const char *)Arg);
  return NULL;
}

void auditPosix(void) {
  pthread_t Thread;
  pthread_create(&Thread, NULL, auditRoutine, "reload");
  pthread_detach(Thread);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'auditRoutine' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-10]]:3: note: 'auditRoutine' calls 'appendAudit'
  // CHECK-NOTES: :[[@LINE-46]]:3: note: 'appendAudit' writes to a file through 'fprintf' here (and 1 more file write)
}

/* Near miss: joined. */
void auditJoined(void) {
  thrd_t Thread;
  thrd_create(&Thread, auditWorker, "shutdown");
  thrd_join(Thread, NULL);
}
