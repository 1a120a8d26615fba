/* Stub for the fuzzer: only what the daemon-* checks look at. */
#pragma once
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef long ssize_t;
typedef int pid_t;
ssize_t write(int, const void *, size_t);
int close(int);
int dup2(int, int);
pid_t fork(void);
pid_t setsid(void);
int fsync(int);
int open(const char *, int, ...);
#ifdef __cplusplus
}
#endif
