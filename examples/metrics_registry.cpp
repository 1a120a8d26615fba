// A service that counts requests in a global registry from a detached
// sampler thread.
//
// Hazards: the registry is destroyed by the static destructors that run
// after main returns, while the sampler may still be updating it
// (daemon-detached-static-destruction).
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

class Registry {
public:
  void bump(const std::string &Name) {
    std::lock_guard<std::mutex> Lock(M);
    ++Counters[Name];
  }

private:
  std::mutex M;
  std::map<std::string, long> Counters;
};

Registry Metrics;

static void sampleLoad() {
  for (;;) {
    Metrics.bump("samples");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void startSampler() { std::thread(sampleLoad).detach(); }
