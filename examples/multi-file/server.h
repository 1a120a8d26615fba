// A small service split over several files, as real programs are: the
// thread is started in main.cpp, the code it runs is in server.cpp, the
// spawner wrapper is in util.cpp and the sends and writes are in
// transport.cpp. Each file on its own looks harmless; daemon-tidy's project
// mode follows the calls across the files.
#pragma once
#include <string>

class Server {
public:
  /// Reports the service's state to the collector, forever.
  void run();
};

/// Runs Task on a thread of its own and forgets about it.
void fireAndForget(void (*Task)());

/// Posts Body to the metrics collector.
void sendReport(const std::string &Body);

/// Appends the audit trail to audit.log.
void flushAudit();
