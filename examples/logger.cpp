// A logger that flushes its buffer to disk on a background thread.
//
// Hazards: the flush thread is detached, so a process that exits right after
// `log()` loses the last lines (daemon-detached-file-write); and `close()`
// joins a thread that `start()` may already have detached
// (daemon-join-detach-misuse).
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class Logger {
public:
  explicit Logger(std::string Path) : Path(std::move(Path)) {}

  void log(std::string Line) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Pending.push_back(std::move(Line));
  }

  void start(bool Background) {
    Flusher = std::thread([this] { flushForever(); });
    if (Background)
      Flusher.detach();
  }

  void close() { Flusher.join(); }

private:
  void flushForever() {
    std::ofstream Out(Path, std::ios::app);
    for (;;) {
      std::vector<std::string> Batch;
      {
        std::lock_guard<std::mutex> Lock(Mutex);
        Batch.swap(Pending);
      }
      for (const std::string &Line : Batch)
        Out << Line << '\n';
      Out.flush();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  std::string Path;
  std::mutex Mutex;
  std::vector<std::string> Pending;
  std::thread Flusher;
};

void runService(bool Background) {
  Logger Log("service.log");
  Log.start(Background);
  Log.log("service started");
  // ... serve requests ...
  Log.log("service stopping");
  Log.close();
}

int main(int Argc, char **) {
  runService(Argc > 1);
  return 0;
}
