/* A C program's own static functions named like file APIs are not the C
 * library's.
 * RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>

struct Log {
  char Lines[16][64];
  int Count;
};

static void write(struct Log *L, const char *Line) {
  (void)Line;
  L->Count++;
}
static int remove(struct Log *L) { return --L->Count; }
static int fsync(struct Log *L) { return L->Count; }

static void *rotate(void *Arg) {
  struct Log *L = Arg;
  write(L, "rotated");
  remove(L);
  fsync(L);
  return NULL;
}

void rotateInBackground(struct Log *L) {
  pthread_t Rotator;
  pthread_create(&Rotator, NULL, rotate, L);
  pthread_detach(Rotator);
}
