/* An upload queue on POSIX threads whose handles are joined or detached
 * twice.
 * RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>

void *uploadBatch(void *Batch);
void keepHandle(pthread_t *Slot);
void joinLater(pthread_t Thread);

void joinAfterDetach(void *Batch) {
  pthread_t Uploader;
  if (pthread_create(&Uploader, NULL, uploadBatch, Batch) != 0)
    return;
  pthread_detach(Uploader);
  pthread_join(Uploader, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Uploader', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Uploader' detached here
}

void joinAfterConditionalDetach(void *Batch, int Background) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  if (Background)
    pthread_detach(Uploader);
  pthread_join(Uploader, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Uploader', which may already have been detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: thread 'Uploader' detached here
}

void detachTwice(void *Batch) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_detach(Uploader);
  pthread_detach(Uploader);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_detach' on thread 'Uploader', which was already detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Uploader' detached here
}

int joinTwice(void *Batch) {
  pthread_t Uploader;
  void *Status;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_join(Uploader, &Status);
  if (pthread_join(Uploader, &Status) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'pthread_join' on thread 'Uploader', which was already joined; the behaviour is undefined [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Uploader' joined here
    return -1;
  return Status != NULL;
}

void detachAfterJoin(void *Batch) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_join(Uploader, NULL);
  pthread_detach(Uploader);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_detach' on thread 'Uploader', which was already joined; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Uploader' joined here
}

/* A join in a loop meets its own earlier execution. */
void joinInLoop(void *Batch, int Retries) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  for (int I = 0; I < Retries; ++I)
    pthread_join(Uploader, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_join' on thread 'Uploader', which may already have been joined; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: thread 'Uploader' joined here
}

/* Near miss: joined and detached, but different handles. */
void twoHandles(void *Batch) {
  pthread_t Uploader, Compressor;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_create(&Compressor, NULL, uploadBatch, Batch);
  pthread_detach(Compressor);
  pthread_join(Uploader, NULL);
}

/* Near miss: a new thread in the same handle before the second join. */
void createJoinCreateJoin(void *First, void *Second) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, First);
  pthread_join(Uploader, NULL);
  pthread_create(&Uploader, NULL, uploadBatch, Second);
  pthread_join(Uploader, NULL);
}

/* Near miss: a fresh thread on each trip round the loop. */
void uploadAll(void **Batches, int Count) {
  for (int I = 0; I < Count; ++I) {
    pthread_t Uploader;
    pthread_create(&Uploader, NULL, uploadBatch, Batches[I]);
    pthread_detach(Uploader);
  }
}

/* Near miss: the same flag decides both calls; the join is guarded. */
void eitherJoinOrDetach(void *Batch, int Background) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  if (Background)
    pthread_detach(Uploader);
  if (!Background)
    pthread_join(Uploader, NULL);
}

/* Near miss: the handle escapes; code we cannot see may join or replace
 * it. */
void handleStored(void *Batch) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_detach(Uploader);
  keepHandle(&Uploader);
  pthread_join(Uploader, NULL);
}

void handlePassed(void *Batch) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  joinLater(Uploader);
  pthread_join(Uploader, NULL);
}

void handleCopied(void *Batch) {
  pthread_t Uploader, Copy;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_join(Uploader, NULL);
  Copy = Uploader;
  pthread_join(Copy, NULL);
}

/* Near miss: cancelling leaves the thread to be joined. */
void cancelThenJoin(void *Batch) {
  pthread_t Uploader;
  pthread_create(&Uploader, NULL, uploadBatch, Batch);
  pthread_cancel(Uploader);
  pthread_join(Uploader, NULL);
}
