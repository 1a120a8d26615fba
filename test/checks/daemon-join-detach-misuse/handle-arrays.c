/* Arrays of handles created and ended in loops over the same indices are
 * followed as one family of threads.
 * RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>

#define WORKERS 8

void *crawl(void *Arg);

void detachAllTwice(void) {
  pthread_t Crawlers[WORKERS];
  for (int I = 0; I < WORKERS; ++I)
    pthread_create(&Crawlers[I], NULL, crawl, NULL);
  for (int I = 0; I < WORKERS; ++I)
    pthread_detach(Crawlers[I]);
  for (int I = 0; I < WORKERS; ++I)
    pthread_join(Crawlers[I], NULL);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_join' on a thread in 'Crawlers', which may already have been detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: a thread in 'Crawlers' detached here
}

void joinAllTwice(size_t Count) {
  pthread_t Crawlers[WORKERS];
  size_t N = Count < WORKERS ? Count : WORKERS;
  for (size_t I = 0; I < N; I++)
    pthread_create(Crawlers + I, NULL, crawl, NULL);
  for (size_t I = 0; I < N; I++)
    pthread_join(Crawlers[I], NULL);
  for (size_t I = 0; I < N; I++)
    pthread_detach(Crawlers[I]);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_detach' on a thread in 'Crawlers', which may already have been joined; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: a thread in 'Crawlers' joined here
}

/* Near miss: each thread is created and joined once. */
void joinAll(void) {
  pthread_t Crawlers[WORKERS];
  for (int I = 0; I < WORKERS; ++I)
    pthread_create(&Crawlers[I], NULL, crawl, NULL);
  for (int I = 0; I < WORKERS; ++I)
    pthread_join(Crawlers[I], NULL);
}

/* Near miss: the two loops walk different halves of the array. */
void splitHalves(void) {
  pthread_t Crawlers[WORKERS];
  for (int I = 0; I < WORKERS; ++I)
    pthread_create(&Crawlers[I], NULL, crawl, NULL);
  for (int I = 0; I < WORKERS / 2; ++I)
    pthread_detach(Crawlers[I]);
  for (int I = WORKERS / 2; I < WORKERS; ++I)
    pthread_join(Crawlers[I], NULL);
}

/* Near miss: created, detached and joined in one loop, each element
 * once. */
void createAndJoinEach(void) {
  pthread_t Crawlers[WORKERS];
  for (int I = 0; I < WORKERS; ++I) {
    pthread_create(&Crawlers[I], NULL, crawl, NULL);
    pthread_join(Crawlers[I], NULL);
  }
}

/* Near miss: an element used outside the loops is not followed. */
void joinFirstAgain(void) {
  pthread_t Crawlers[WORKERS];
  for (int I = 0; I < WORKERS; ++I)
    pthread_create(&Crawlers[I], NULL, crawl, NULL);
  for (int I = 0; I < WORKERS; ++I)
    pthread_join(Crawlers[I], NULL);
  pthread_join(Crawlers[0], NULL);
}
