/* Stub for the fuzzer: only what the daemon-* checks look at. */
#pragma once
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
void exit(int) __attribute__((noreturn));
void _Exit(int) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atexit(void (*)(void));
int system(const char *);
void *malloc(size_t);
void free(void *);
int daemon(int, int);
#ifdef __cplusplus
}
#endif
