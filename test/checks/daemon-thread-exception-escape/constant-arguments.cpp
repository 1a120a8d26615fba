// A log shipper whose helpers throw on bad settings: a guard that reads only
// parameters is evaluated with the constants the calls pass; runtime input,
// I/O failures and library calls on runtime values stay reported.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <cstddef>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

enum class Compression { None, Gzip, Zstd };

struct Shipper {
  int Level = 0;
  Compression Codec = Compression::None;
  std::vector<int> Ports;
};

void setLevel(Shipper *S, int Level) {
  if (Level < 0 || Level > 9)
    throw std::invalid_argument("compression level out of range");
  S->Level = Level;
}

void setCodec(Shipper *S, Compression Codec) {
  if (Codec == Compression::None || Codec == Compression::Gzip)
    S->Codec = Codec;
  else
    throw std::invalid_argument("codec not built in");
}

// Two levels: the level is passed on unchanged.
void configure(Shipper *S, int Level, Compression Codec) {
  setLevel(S, Level);
  setCodec(S, Codec);
}

// Constants that keep every guard false, directly and through configure:
// silent.
void shipDefaults(Shipper *S) {
  setLevel(S, 6);
  setCodec(S, Compression::Gzip);
}
void startDefaults(Shipper &S) { std::thread(shipDefaults, &S).join(); }

void shipConfigured(Shipper *S) { configure(S, 1, Compression::None); }
void startConfigured(Shipper &S) { std::thread(shipConfigured, &S).detach(); }

// The constant is given two calls below the entry: silent.
void applyDefaults(Shipper *S) { setLevel(S, 0); }
void shipQuietly(Shipper *S) { applyDefaults(S); }
void startQuietly(Shipper &S) { std::thread(shipQuietly, &S).detach(); }

// A throwing library call under the guard: std::stoi runs only in strict
// mode, and no call asks for it: silent.
int parsePort(const std::string &Text, bool Strict) {
  if (Strict)
    return std::stoi(Text);
  return 0;
}
void shipLenient(Shipper *S, const std::string *Text) {
  S->Ports.push_back(parsePort(*Text, false));
}
void startLenient(Shipper &S, const std::string &Text) {
  std::thread(shipLenient, &S, &Text).join();
}

// One call passes a level the guard rejects.
void shipMax(Shipper *S) {
  setLevel(S, 3);
  configure(S, 12, Compression::Gzip);
}
void startMax(Shipper &S) {
  std::thread(shipMax, &S).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipMax' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: 'shipMax' calls 'configure'
  // CHECK-NOTES: :[[@LINE-43]]:3: note: 'configure' calls 'setLevel'
  // CHECK-NOTES: :[[@LINE-57]]:5: note: 'setLevel' throws 'std::invalid_argument' here
}

// The else branch throws: the constant takes it.
void shipZstd(Shipper *S) { configure(S, 1, Compression::Zstd); }
void startZstd(Shipper &S) {
  std::thread(shipZstd, &S).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipZstd' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:29: note: 'shipZstd' calls 'configure'
  // CHECK-NOTES: :[[@LINE-52]]:3: note: 'configure' calls 'setCodec'
  // CHECK-NOTES: :[[@LINE-59]]:5: note: 'setCodec' throws 'std::invalid_argument' here
}

// A level read at run time.
int levelFromEnv(const char *Text) { return Text ? Text[0] - '0' : 0; }
void shipFromEnv(Shipper *S, const char *Text) {
  configure(S, levelFromEnv(Text), Compression::None);
}
void startFromEnv(Shipper &S, const char *Text) {
  std::thread(shipFromEnv, &S, Text).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipFromEnv' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: 'shipFromEnv' calls 'configure'
  // CHECK-NOTES: :[[@LINE-66]]:3: note: 'configure' calls 'setLevel'
  // CHECK-NOTES: :[[@LINE-80]]:5: note: 'setLevel' throws 'std::invalid_argument' here
}

// The entry's own parameter: nothing binds it.
void shipLevel(Shipper *S, int Level) { setLevel(S, Level); }
void startLevel(Shipper &S) {
  std::thread(shipLevel, &S, 4).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipLevel' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:41: note: 'shipLevel' calls 'setLevel'
  // CHECK-NOTES: :[[@LINE-89]]:5: note: 'setLevel' throws 'std::invalid_argument' here
}

// The function changes its parameter before the guard: the constant says
// nothing about the value tested.
void setLevelPlus(Shipper *S, int Level) {
  Level += 8;
  if (Level > 9)
    throw std::invalid_argument("compression level out of range");
  S->Level = Level;
}
void shipPlus(Shipper *S) { setLevelPlus(S, 4); }
void startPlus(Shipper &S) {
  std::thread(shipPlus, &S).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipPlus' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:29: note: 'shipPlus' calls 'setLevelPlus'
  // CHECK-NOTES: :[[@LINE-8]]:5: note: 'setLevelPlus' throws 'std::invalid_argument' here
}

// A parameter converted on the way is not followed.
void configureWide(Shipper *S, long Level) { setLevel(S, Level); }
void shipWide(Shipper *S) { configureWide(S, 2); }
void startWide(Shipper &S) {
  std::thread(shipWide, &S).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipWide' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:29: note: 'shipWide' calls 'configureWide'
  // CHECK-NOTES: :[[@LINE-6]]:46: note: 'configureWide' calls 'setLevel'
  // CHECK-NOTES: :[[@LINE-116]]:5: note: 'setLevel' throws 'std::invalid_argument' here
}

// A string condition is evaluated too: this route has a parameter.
void addRoute(const std::string &Pattern) {
  if (Pattern.find(':') != std::string::npos)
    throw std::invalid_argument("parameters are not supported");
}
void shipRoutes() { addRoute("/:id"); }
void startRoutes() {
  std::thread(shipRoutes).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipRoutes' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: 'shipRoutes' calls 'addRoute'
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'addRoute' throws 'std::invalid_argument' here
}

// Runtime input for the library: std::stoi on argv, .at() with an index
// read from a file.
void shipToPort(const char *Arg) { std::stoi(Arg); }
int main(int Argc, char **Argv) {
  if (Argc > 1)
    std::thread(shipToPort, Argv[1]).join();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: exception thrown in the thread running 'shipToPort' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-5]]:36: note: 'shipToPort' calls 'std::stoi' here, which throws 'std::invalid_argument'
  return 0;
}

int pickPort(const Shipper &S, std::size_t Index) { return S.Ports.at(Index); }
void shipToPicked(Shipper *S) {
  std::ifstream In("/etc/shipper/port-index");
  std::size_t Index = 0;
  In >> Index;
  pickPort(*S, Index);
}
void startPicked(Shipper &S) {
  std::thread(shipToPicked, &S).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipToPicked' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: 'shipToPicked' calls 'pickPort'
  // CHECK-NOTES: :[[@LINE-11]]:68: note: 'pickPort' calls 'std::vector::at' here, which throws 'std::out_of_range'
}

// A throw on an I/O failure reads no parameter.
void openSpool(const char *Path) {
  std::ifstream In(Path);
  if (!In)
    throw std::runtime_error("cannot open the spool");
}
void shipSpool() { openSpool("/var/spool/shipper"); }
void startSpool() {
  std::thread(shipSpool).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'shipSpool' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:20: note: 'shipSpool' calls 'openSpool'
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'openSpool' throws 'std::runtime_error' here
}
