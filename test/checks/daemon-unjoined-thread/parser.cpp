// A config loader that parses while a prefetch thread runs: an exception
// from the parser destroys the joinable thread.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <stdexcept>
#include <string>
#include <thread>

struct Config {
  int Port = 0;
};

void prefetch();
void log(const std::string &Line);
void loadSchema();

Config parse(const std::string &Text) {
  if (Text.empty())
    throw std::invalid_argument("empty config");
  return Config{std::stoi(Text)};
}

Config load(const std::string &Text) {
  std::thread Prefetcher(prefetch);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: if 'parse' throws, 'Prefetcher' is destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+1]]:14: note: 'parse' can throw here
  Config C = parse(Text);
  Prefetcher.join();
  return C;
}

Config loadChecked(const std::string &Text) {
  std::thread Prefetcher(prefetch);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: if an exception is thrown, 'Prefetcher' is destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+2]]:5: note: an exception is thrown here
  if (Text.size() > 4096)
    throw std::length_error("config too long");
  Prefetcher.join();
  return Config{};
}

// The handler logs and rethrows without joining.
Config loadLogged(const std::string &Text) {
  std::thread Prefetcher(prefetch);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: if 'parse' throws, 'Prefetcher' is destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+2]]:16: note: 'parse' can throw here
  try {
    Config C = parse(Text);
    Prefetcher.join();
    return C;
  } catch (const std::exception &E) {
    log(E.what());
    throw;
  }
}

// Near miss: joined in catch (...) before the rethrow.
Config loadRethrow(const std::string &Text) {
  std::thread Prefetcher(prefetch);
  try {
    Config C = parse(Text);
    Prefetcher.join();
    return C;
  } catch (...) {
    Prefetcher.join();
    throw;
  }
}

// Near miss: the handler carries on to the join.
Config loadWithDefault(const std::string &Text) {
  std::thread Prefetcher(prefetch);
  Config C;
  try {
    C = parse(Text);
  } catch (const std::exception &) {
    C.Port = 8080;
  }
  Prefetcher.join();
  return C;
}

// Near miss: only calls with no visible body between start and join.
void loadOpaque() {
  std::thread Prefetcher(prefetch);
  log("loading");
  loadSchema();
  Prefetcher.join();
}

// Near miss: an RAII joiner owns the join.
class Joiner {
public:
  explicit Joiner(std::thread &T) : T(T) {}
  ~Joiner() {
    if (T.joinable())
      T.join();
  }

private:
  std::thread &T;
};

Config loadGuarded(const std::string &Text) {
  std::thread Prefetcher(prefetch);
  Joiner Guard(Prefetcher);
  return parse(Text);
}
