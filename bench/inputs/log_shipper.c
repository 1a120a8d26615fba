/* A small C log shipper: a detached reader thread tails a log file into a
 * ring buffer, a detached sender thread ships batches to a collector over
 * UDP, and main writes its own start-up line to a status file, then waits
 * for a signal.
 *
 * Written for bench/run.py as the small C real-code input. What daemon-tidy
 * reports here is real: the last batch and the status file may be lost at
 * exit.
 */
#define _DEFAULT_SOURCE
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RING 64
#define LINE 512

static char Ring[RING][LINE];
static unsigned Head, Tail;
static pthread_mutex_t Lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t NotEmpty = PTHREAD_COND_INITIALIZER;
static volatile sig_atomic_t Stop;

static void *reader(void *Arg) {
  FILE *In = fopen((const char *)Arg, "r");
  char Line[LINE];
  if (!In)
    return NULL;
  while (!Stop) {
    if (!fgets(Line, sizeof Line, In)) {
      clearerr(In);
      usleep(200000);
      continue;
    }
    pthread_mutex_lock(&Lock);
    strncpy(Ring[Head % RING], Line, LINE - 1);
    ++Head;
    pthread_cond_signal(&NotEmpty);
    pthread_mutex_unlock(&Lock);
  }
  fclose(In);
  return NULL;
}

static void *sender(void *Arg) {
  struct sockaddr_in To;
  int Socket = socket(AF_INET, SOCK_DGRAM, 0);
  (void)Arg;
  memset(&To, 0, sizeof To);
  To.sin_family = AF_INET;
  To.sin_port = htons(5140);
  inet_pton(AF_INET, "127.0.0.1", &To.sin_addr);
  while (!Stop) {
    char Batch[LINE];
    pthread_mutex_lock(&Lock);
    while (Tail == Head && !Stop)
      pthread_cond_wait(&NotEmpty, &Lock);
    strncpy(Batch, Ring[Tail % RING], LINE - 1);
    Batch[LINE - 1] = '\0';
    ++Tail;
    pthread_mutex_unlock(&Lock);
    sendto(Socket, Batch, strlen(Batch), 0, (struct sockaddr *)&To, sizeof To);
  }
  close(Socket);
  return NULL;
}

static void onSignal(int Signal) {
  (void)Signal;
  Stop = 1;
}

int main(int Argc, char **Argv) {
  pthread_t Reader, Sender;
  FILE *Status;
  signal(SIGTERM, onSignal);
  signal(SIGINT, onSignal);
  if (pthread_create(&Reader, NULL, reader,
                     Argc > 1 ? Argv[1] : "/var/log/syslog") != 0)
    return 1;
  pthread_detach(Reader);
  if (pthread_create(&Sender, NULL, sender, NULL) != 0)
    return 1;
  pthread_detach(Sender);
  Status = fopen("/run/log_shipper.status", "w");
  if (Status) {
    fprintf(Status, "running %d\n", (int)getpid());
    fclose(Status);
  }
  while (!Stop)
    pause();
  return 0;
}
