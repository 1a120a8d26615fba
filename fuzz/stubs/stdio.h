/* Stub for the fuzzer: only what the daemon-* checks look at. */
#pragma once
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef struct FILE FILE;
extern FILE *stdin, *stdout, *stderr;
FILE *fopen(const char *, const char *);
FILE *freopen(const char *, const char *, FILE *);
int fclose(FILE *);
int fflush(FILE *);
size_t fwrite(const void *, size_t, size_t, FILE *);
int fputs(const char *, FILE *);
int fprintf(FILE *, const char *, ...);
int printf(const char *, ...);
int puts(const char *);
#ifdef __cplusplus
}
#endif
