/* A server that daemonizes itself and starts a detached pthread.
 *
 * Hazards: daemon(0, 1) keeps stdout and stderr on the terminal, so the
 * later printf/perror output goes nowhere or fails (daemon-daemonize-stdio);
 * the detached heartbeat thread writes a status file that may be cut off at
 * exit (daemon-detached-file-write).
 */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *heartbeat(void *Arg) {
  (void)Arg;
  for (;;) {
    FILE *Status = fopen("/tmp/server.status", "w");
    if (Status) {
      fputs("alive\n", Status);
      fclose(Status);
    }
    sleep(5);
  }
  return NULL;
}

int main(void) {
  if (daemon(0, 1) < 0) {
    perror("daemon");
    return 1;
  }
  printf("server started\n");

  pthread_t Thread;
  if (pthread_create(&Thread, NULL, heartbeat, NULL) != 0) {
    perror("pthread_create");
    return 1;
  }
  pthread_detach(Thread);
  sleep(60);
  return 0;
}
