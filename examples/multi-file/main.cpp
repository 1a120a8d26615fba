// Hazards, each only visible across files:
// - the thread running Server::run sends over the network, and main returns
//   while it runs (daemon-detached-network-send,
//   daemon-exit-with-running-threads);
// - fireAndForget detaches a thread that writes the audit log
//   (daemon-detached-file-write).
#include "server.h"
#include <thread>

static Server Service;

int main() {
  std::thread(&Server::run, &Service).detach();
  fireAndForget(flushAudit);
  return 0;
}
