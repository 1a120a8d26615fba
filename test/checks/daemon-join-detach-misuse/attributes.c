/* A metrics flusher started with a thread attribute: the detach state must
 * be set before pthread_create, and a thread created detached cannot be
 * joined.
 * RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>

void *flushMetrics(void *Sink);
void configure(pthread_attr_t *Attr);

void joinCreatedDetached(void *Sink) {
  pthread_attr_t Attr;
  pthread_t Flusher;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&Flusher, &Attr, flushMetrics, Sink);
  pthread_attr_destroy(&Attr);
  pthread_join(Flusher, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_join' on thread 'Flusher', which was created detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread 'Flusher' created detached here with attribute 'Attr'
}

void detachCreatedDetached(void *Sink) {
  pthread_attr_t Attr;
  pthread_t Flusher;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&Flusher, &Attr, flushMetrics, Sink);
  pthread_detach(Flusher);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_detach' on thread 'Flusher', which was created detached; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread 'Flusher' created detached here with attribute 'Attr'
}

/* The C form of "changing the daemon flag after start". */
void detachStateTooLate(void *Sink) {
  pthread_attr_t Attr;
  pthread_t Flusher;
  pthread_attr_init(&Attr);
  pthread_create(&Flusher, &Attr, flushMetrics, Sink);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_attr_setdetachstate' after 'Attr' was used to create the thread; it does not change that thread [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Attr' used here
  pthread_attr_destroy(&Attr);
}

/* Near miss: the detach state is set before any create. */
void detachStateFirst(void *Sink) {
  pthread_attr_t Attr;
  pthread_t Flusher;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&Flusher, &Attr, flushMetrics, Sink);
  pthread_attr_destroy(&Attr);
}

/* Near miss: the attribute is changed for the next thread it creates. */
void attributeReused(void *Primary, void *Backup) {
  pthread_attr_t Attr;
  pthread_t Flusher, Spare;
  pthread_attr_init(&Attr);
  pthread_create(&Flusher, &Attr, flushMetrics, Primary);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_create(&Spare, &Attr, flushMetrics, Backup);
  pthread_attr_destroy(&Attr);
  pthread_join(Flusher, NULL);
}

/* Near miss: the joinable attribute's thread is joined. */
void joinableAttribute(void *Sink) {
  pthread_attr_t Attr;
  pthread_t Flusher;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_JOINABLE);
  pthread_create(&Flusher, &Attr, flushMetrics, Sink);
  pthread_join(Flusher, NULL);
}

/* Near miss: one attribute for each trip round the loop. */
void startAll(void **Sinks, int Count) {
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  for (int I = 0; I < Count; ++I) {
    pthread_t Flusher;
    pthread_create(&Flusher, &Attr, flushMetrics, Sinks[I]);
    pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  }
}

/* Near miss: the attribute escapes; its detach state is not known. */
void configuredElsewhere(void *Sink) {
  pthread_attr_t Attr;
  pthread_t Flusher;
  pthread_attr_init(&Attr);
  configure(&Attr);
  pthread_create(&Flusher, &Attr, flushMetrics, Sink);
  pthread_join(Flusher, NULL);
}
