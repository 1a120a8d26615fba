/* Stub for the fuzzer: only what the daemon-* checks look at. */
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
typedef unsigned long pthread_t;
typedef struct pthread_attr_t pthread_attr_t;
int pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                   void *);
int pthread_detach(pthread_t);
int pthread_join(pthread_t, void **);
void pthread_exit(void *) __attribute__((noreturn));
pthread_t pthread_self(void);
#ifdef __cplusplus
}
#endif
