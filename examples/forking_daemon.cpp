// A service that daemonizes by hand: fork(), setsid() in the child, and
// only stdin and stdout moved to /dev/null.
//
// Hazard: stderr still refers to the terminal the service was started from,
// so the child's error reports are lost, or the writes fail, once that
// session ends (daemon-daemonize-stdio).
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

static void reportError(const char *What) { std::perror(What); }

int main() {
  pid_t Pid = fork();
  if (Pid < 0) {
    std::perror("fork");
    return 1;
  }
  if (Pid > 0)
    return 0; // The parent returns to the shell.
  setsid();
  int Null = open("/dev/null", O_RDWR);
  dup2(Null, STDIN_FILENO);
  dup2(Null, STDOUT_FILENO);
  for (;;) {
    if (access("/etc/service.conf", R_OK) != 0)
      reportError("/etc/service.conf");
    sleep(30);
  }
}
