/* A "plugin" that leaves a mark when anything loads it. */
#include <fcntl.h>
#include <unistd.h>

__attribute__((constructor)) static void leaveMark(void) {
  int FD = open(MARKER, O_CREAT | O_WRONLY, 0644);
  if (FD >= 0)
    close(FD);
}
