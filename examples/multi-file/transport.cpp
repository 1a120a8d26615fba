#include "server.h"
#include <arpa/inet.h>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

void sendReport(const std::string &Body) {
  int Fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in Addr{};
  Addr.sin_family = AF_INET;
  Addr.sin_port = htons(8125);
  inet_pton(AF_INET, "127.0.0.1", &Addr.sin_addr);
  if (connect(Fd, reinterpret_cast<sockaddr *>(&Addr), sizeof Addr) == 0)
    send(Fd, Body.data(), Body.size(), 0);
  close(Fd);
}

void flushAudit() {
  std::FILE *Log = std::fopen("audit.log", "a");
  if (!Log)
    return;
  std::fputs("audit: shutting down\n", Log);
  std::fclose(Log);
}
