// A service that reloads its configuration on a background thread.
//
// Hazards: a malformed port number makes std::stoi throw on the reloader
// thread, and a missing file makes std::filesystem::file_size throw; nothing
// on the thread catches either, so the whole service dies in std::terminate
// (daemon-thread-exception-escape).
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

struct Settings {
  std::map<std::string, std::string> Values;
  int port() const { return std::stoi(Values.at("port")); }
};

Settings readSettings(const std::string &Path) {
  Settings S;
  if (std::filesystem::file_size(Path) == 0)
    return S;
  std::ifstream In(Path);
  std::string Key, Value;
  while (In >> Key >> Value)
    S.Values[Key] = Value;
  return S;
}

void reloadLoop(const std::string *Path) {
  Settings S = readSettings(*Path);
  int Port = S.port();
  (void)Port;
}

int main() {
  static const std::string Path = "/etc/service.conf";
  std::thread Reloader(reloadLoop, &Path);
  Reloader.join();
}
