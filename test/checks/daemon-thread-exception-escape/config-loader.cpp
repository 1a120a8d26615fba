// A config loader thread: std::filesystem, std::optional and std::any, and
// a legacy parser named by the ThrowingFunctions option.
// RUN: %check_daemon %s daemon-thread-exception-escape %t \
// RUN:   --tidy-arg="--config={CheckOptions: {daemon-thread-exception-escape.ThrowingFunctions: 'legacy::parseIni;legacy::readBlob=legacy::IoError'}}" \
// RUN:   -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t \
// RUN:   --tidy-arg="--config={CheckOptions: {daemon-thread-exception-escape.ThrowingFunctions: 'legacy::parseIni;legacy::readBlob=legacy::IoError'}}" \
// RUN:   -- -std=c++17

#include <any>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

namespace fs = std::filesystem;

namespace legacy {
struct IoError {};
// A visible body that does not throw: the option says it does.
inline int parseIni(const std::string &) { return 0; }
int readBlob(const char *Path);
} // namespace legacy

struct Config {
  std::optional<std::string> Path;
  std::any Extra;
};

std::uintmax_t configSize(const Config &C) {
  return fs::file_size(*C.Path);
}
void loadConfig(Config *C) { configSize(*C); }
void startLoader(Config &C) {
  std::thread Loader(loadConfig, &C);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'loadConfig' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:30: note: 'loadConfig' calls 'configSize'
  // CHECK-NOTES: :[[@LINE-7]]:10: note: 'configSize' calls 'std::filesystem::file_size' here, which throws 'std::filesystem::filesystem_error'
  Loader.join();
}

// The std::error_code overload reports errors instead: silent.
void loadQuietly(Config *C) {
  std::error_code Ec;
  fs::file_size("/etc/app.conf", Ec);
  fs::create_directories("/var/lib/app", Ec);
}
void startQuietLoader(Config &C) { std::thread(loadQuietly, &C).join(); }

// Caught through its base, std::system_error: silent.
void loadChecked(Config *C) {
  try {
    configSize(*C);
  } catch (const std::system_error &) {
  }
}
void startChecked(Config &C) { std::thread(loadChecked, &C).join(); }

void reload(Config *C) { fs::exists(C->Path.value()); }
void startReload(Config &C) {
  std::thread(reload, &C).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'reload' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:45: note: 'reload' calls 'std::optional::value' here, which throws 'std::bad_optional_access'
}

int extraLevel(Config *C) { return std::any_cast<int>(C->Extra); }
void startExtra(Config &C) {
  std::thread(extraLevel, &C).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'extraLevel' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:36: note: 'extraLevel' calls 'std::any_cast' here, which throws 'std::bad_any_cast'
}

// The pointer form of std::any_cast returns null instead: silent.
int extraLevelOr(Config *C) {
  const int *Level = std::any_cast<int>(&C->Extra);
  return Level ? *Level : 0;
}
void startExtraOr(Config &C) { std::thread(extraLevelOr, &C).join(); }

// ThrowingFunctions: a name without a type is caught only by catch (...)
// and by std::exception handlers.
void parseLegacy() { legacy::parseIni("[main]"); }
void startLegacy() {
  std::thread(parseLegacy).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'parseLegacy' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:22: note: 'parseLegacy' calls 'legacy::parseIni' here, which may throw
}
void parseLegacyGuarded() {
  try {
    legacy::parseIni("[main]");
  } catch (const std::exception &) {
  }
}
void startLegacyGuarded() { std::thread(parseLegacyGuarded).join(); }

// A name with a type: a handler of that type catches it.
void readLegacy() { legacy::readBlob("/var/lib/app/blob"); }
void startReadLegacy() {
  std::thread(readLegacy).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'readLegacy' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: 'readLegacy' calls 'legacy::readBlob' here, which throws 'legacy::IoError'
}
void readLegacyGuarded() {
  try {
    legacy::readBlob("/var/lib/app/blob");
  } catch (legacy::IoError &) {
  }
}
void startReadLegacyGuarded() { std::thread(readLegacyGuarded).join(); }
