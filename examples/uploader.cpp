// An uploader that posts metrics over a socket from a detached thread.
//
// Hazards: the request may never be sent if main returns first
// (daemon-detached-network-send, daemon-exit-with-running-threads), and the
// thread captures the caller's buffer by reference
// (daemon-detached-dangling-reference).
#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

static void postMetrics(const std::string &Body) {
  int Fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in Addr{};
  Addr.sin_family = AF_INET;
  Addr.sin_port = htons(8125);
  inet_pton(AF_INET, "127.0.0.1", &Addr.sin_addr);
  if (connect(Fd, reinterpret_cast<sockaddr *>(&Addr), sizeof Addr) == 0)
    send(Fd, Body.data(), Body.size(), 0);
  close(Fd);
}

void reportAsync(const std::string &Metrics) {
  std::string Body = "metrics " + Metrics;
  std::thread Uploader([&Body] { postMetrics(Body); });
  Uploader.detach();
}

int main() {
  reportAsync("requests=42");
  return 0;
}
