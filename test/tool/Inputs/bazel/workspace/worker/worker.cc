#include "worker/worker.h"

#include "net/send.h"

void report_loop(int fd) {
  for (int i = 0; i < 3; ++i)
    net::send_report(fd, "tick\n", 5);
}

// Only computes: a detached thread running it loses nothing at exit.
void compute_loop(int rounds) {
  volatile unsigned sum = 0;
  for (int i = 0; i < rounds; ++i)
    sum = sum * 31 + i;
}
