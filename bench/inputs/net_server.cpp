// A small HTTP/1.0 key-value server: a listening socket, a detached
// acceptor thread, a fixed pool of worker threads fed through a condition
// variable, an access log written by a detached logger thread, and a
// detached metrics reporter that pushes counters to a collector over UDP.
//
// Written for bench/run.py as a real-code input: the kind of translation
// unit a user runs daemon-tidy on, with the thread density of such code.
// What daemon-tidy reports here is real: the access log and the metrics
// are lost at exit, and the acceptor captures `this` of a server that main
// destroys while the acceptor may still run.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

namespace kvd {

// ---------------------------------------------------------------------------
// Configuration

struct Config {
  std::string BindAddress = "0.0.0.0";
  uint16_t Port = 8080;
  unsigned Workers = 4;
  unsigned Backlog = 128;
  std::string AccessLog = "access.log";
  std::string MetricsHost = "127.0.0.1";
  uint16_t MetricsPort = 8125;
  std::chrono::seconds MetricsInterval{10};
  std::size_t MaxRequestBytes = 64 * 1024;
  std::size_t MaxKeys = 100000;
  bool Verbose = false;
};

static std::string trim(const std::string &S) {
  std::size_t Begin = S.find_first_not_of(" \t\r\n");
  if (Begin == std::string::npos)
    return "";
  std::size_t End = S.find_last_not_of(" \t\r\n");
  return S.substr(Begin, End - Begin + 1);
}

static bool parseUnsigned(const std::string &Text, unsigned long Max,
                          unsigned long &Out) {
  if (Text.empty())
    return false;
  char *End = nullptr;
  errno = 0;
  unsigned long Value = std::strtoul(Text.c_str(), &End, 10);
  if (errno != 0 || *End != '\0' || Value > Max)
    return false;
  Out = Value;
  return true;
}

// Reads "key = value" lines; '#' starts a comment. Unknown keys are
// reported and skipped, so that an old server accepts a newer file.
static bool loadConfigFile(const std::string &Path, Config &C,
                           std::string &Error) {
  std::ifstream In(Path);
  if (!In) {
    Error = "cannot open " + Path;
    return false;
  }
  std::string Line;
  unsigned LineNo = 0;
  while (std::getline(In, Line)) {
    ++LineNo;
    std::size_t Hash = Line.find('#');
    if (Hash != std::string::npos)
      Line.erase(Hash);
    Line = trim(Line);
    if (Line.empty())
      continue;
    std::size_t Eq = Line.find('=');
    if (Eq == std::string::npos) {
      Error = Path + ":" + std::to_string(LineNo) + ": expected key = value";
      return false;
    }
    std::string Key = trim(Line.substr(0, Eq));
    std::string Value = trim(Line.substr(Eq + 1));
    unsigned long Number = 0;
    if (Key == "bind") {
      C.BindAddress = Value;
    } else if (Key == "port" && parseUnsigned(Value, 65535, Number)) {
      C.Port = static_cast<uint16_t>(Number);
    } else if (Key == "workers" && parseUnsigned(Value, 256, Number)) {
      C.Workers = static_cast<unsigned>(Number);
    } else if (Key == "backlog" && parseUnsigned(Value, 65535, Number)) {
      C.Backlog = static_cast<unsigned>(Number);
    } else if (Key == "access_log") {
      C.AccessLog = Value;
    } else if (Key == "metrics_host") {
      C.MetricsHost = Value;
    } else if (Key == "metrics_port" && parseUnsigned(Value, 65535, Number)) {
      C.MetricsPort = static_cast<uint16_t>(Number);
    } else if (Key == "metrics_interval" &&
               parseUnsigned(Value, 3600, Number)) {
      C.MetricsInterval = std::chrono::seconds(Number);
    } else if (Key == "max_request_bytes" &&
               parseUnsigned(Value, 16 << 20, Number)) {
      C.MaxRequestBytes = Number;
    } else if (Key == "max_keys" && parseUnsigned(Value, 1 << 30, Number)) {
      C.MaxKeys = Number;
    } else if (Key == "verbose") {
      C.Verbose = Value == "1" || Value == "true" || Value == "yes";
    } else {
      std::cerr << Path << ":" << LineNo << ": ignoring '" << Key << "'\n";
    }
  }
  return true;
}

static bool parseArguments(int Argc, char **Argv, Config &C,
                           std::string &Error) {
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    auto Next = [&]() -> std::optional<std::string> {
      if (I + 1 >= Argc)
        return std::nullopt;
      return std::string(Argv[++I]);
    };
    unsigned long Number = 0;
    if (Arg == "-c" || Arg == "--config") {
      auto Path = Next();
      if (!Path || !loadConfigFile(*Path, C, Error))
        return false;
    } else if (Arg == "-p" || Arg == "--port") {
      auto Value = Next();
      if (!Value || !parseUnsigned(*Value, 65535, Number)) {
        Error = "bad port";
        return false;
      }
      C.Port = static_cast<uint16_t>(Number);
    } else if (Arg == "-j" || Arg == "--workers") {
      auto Value = Next();
      if (!Value || !parseUnsigned(*Value, 256, Number) || Number == 0) {
        Error = "bad worker count";
        return false;
      }
      C.Workers = static_cast<unsigned>(Number);
    } else if (Arg == "-v" || Arg == "--verbose") {
      C.Verbose = true;
    } else {
      Error = "unknown argument '" + Arg + "'";
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Access log: request threads queue lines; one background thread appends
// them to the file in batches.

class AccessLog {
public:
  explicit AccessLog(std::string Path) : Path(std::move(Path)) {}

  void start() {
    // The writer runs for the life of the process and is never joined.
    std::thread([this] { writeLoop(); }).detach();
  }

  void append(std::string Line) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      if (Pending.size() >= MaxPending) {
        ++Dropped;
        return;
      }
      Pending.push_back(std::move(Line));
    }
    Ready.notify_one();
  }

  uint64_t dropped() const { return Dropped.load(); }

private:
  void writeLoop() {
    std::ofstream Out(Path, std::ios::app);
    std::vector<std::string> Batch;
    for (;;) {
      {
        std::unique_lock<std::mutex> Lock(Mutex);
        Ready.wait_for(Lock, std::chrono::seconds(1),
                       [this] { return !Pending.empty(); });
        Batch.assign(std::make_move_iterator(Pending.begin()),
                     std::make_move_iterator(Pending.end()));
        Pending.clear();
      }
      for (const std::string &Line : Batch)
        Out << Line << '\n';
      Out.flush();
      Batch.clear();
    }
  }

  static constexpr std::size_t MaxPending = 10000;
  std::string Path;
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<std::string> Pending;
  std::atomic<uint64_t> Dropped{0};
};

// ---------------------------------------------------------------------------
// Metrics: counters and a latency histogram, pushed as statsd lines.

class Metrics {
public:
  void count(const std::string &Name, uint64_t By = 1) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Counters[Name] += By;
  }

  void latency(std::chrono::microseconds Took) {
    static const uint64_t Bounds[] = {100, 250, 500, 1000, 2500, 5000,
                                      10000, 25000, 50000, 100000};
    uint64_t Micros = static_cast<uint64_t>(Took.count());
    std::size_t Bucket = 0;
    while (Bucket < sizeof(Bounds) / sizeof(Bounds[0]) &&
           Micros > Bounds[Bucket])
      ++Bucket;
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Histogram[Bucket];
  }

  std::vector<std::string> drain() {
    std::vector<std::string> Lines;
    std::lock_guard<std::mutex> Lock(Mutex);
    for (auto &Entry : Counters) {
      Lines.push_back("kvd." + Entry.first + ":" +
                      std::to_string(Entry.second) + "|c");
      Entry.second = 0;
    }
    for (std::size_t I = 0; I < Histogram.size(); ++I) {
      if (Histogram[I] == 0)
        continue;
      Lines.push_back("kvd.latency.bucket" + std::to_string(I) + ":" +
                      std::to_string(Histogram[I]) + "|c");
      Histogram[I] = 0;
    }
    return Lines;
  }

private:
  std::mutex Mutex;
  std::map<std::string, uint64_t> Counters;
  std::vector<uint64_t> Histogram = std::vector<uint64_t>(11);
};

class MetricsReporter {
public:
  MetricsReporter(Metrics &Source, std::string Host, uint16_t Port,
                  std::chrono::seconds Interval)
      : Source(Source), Host(std::move(Host)), Port(Port),
        Interval(Interval) {}

  bool start() {
    Fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (Fd < 0)
      return false;
    std::memset(&Collector, 0, sizeof(Collector));
    Collector.sin_family = AF_INET;
    Collector.sin_port = htons(Port);
    if (::inet_pton(AF_INET, Host.c_str(), &Collector.sin_addr) != 1) {
      ::close(Fd);
      Fd = -1;
      return false;
    }
    std::thread Reporter(&MetricsReporter::run, this);
    Reporter.detach();
    return true;
  }

private:
  void run() {
    for (;;) {
      std::this_thread::sleep_for(Interval);
      pushOnce();
    }
  }

  void pushOnce() {
    std::string Packet;
    for (const std::string &Line : Source.drain()) {
      if (Packet.size() + Line.size() + 1 > 1400) {
        sendPacket(Packet);
        Packet.clear();
      }
      Packet += Line;
      Packet += '\n';
    }
    if (!Packet.empty())
      sendPacket(Packet);
  }

  void sendPacket(const std::string &Packet) {
    ::sendto(Fd, Packet.data(), Packet.size(), 0,
             reinterpret_cast<const sockaddr *>(&Collector),
             sizeof(Collector));
  }

  Metrics &Source;
  std::string Host;
  uint16_t Port;
  std::chrono::seconds Interval;
  int Fd = -1;
  sockaddr_in Collector{};
};

// ---------------------------------------------------------------------------
// A fixed pool of workers. The destructor drains the queue and joins.

class ThreadPool {
public:
  explicit ThreadPool(unsigned Count) {
    Workers.reserve(Count);
    for (unsigned I = 0; I < Count; ++I)
      Workers.emplace_back([this] { workerLoop(); });
  }

  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  ~ThreadPool() { shutdown(); }

  bool submit(std::function<void()> Task) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      if (Stopping)
        return false;
      Tasks.push_back(std::move(Task));
    }
    HasWork.notify_one();
    return true;
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      if (Stopping)
        return;
      Stopping = true;
    }
    HasWork.notify_all();
    for (std::thread &Worker : Workers)
      if (Worker.joinable())
        Worker.join();
  }

  std::size_t queued() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Tasks.size();
  }

private:
  void workerLoop() {
    for (;;) {
      std::function<void()> Task;
      {
        std::unique_lock<std::mutex> Lock(Mutex);
        HasWork.wait(Lock, [this] { return Stopping || !Tasks.empty(); });
        if (Tasks.empty())
          return;
        Task = std::move(Tasks.front());
        Tasks.pop_front();
      }
      try {
        Task();
      } catch (const std::exception &E) {
        std::cerr << "kvd: task failed: " << E.what() << "\n";
      }
    }
  }

  mutable std::mutex Mutex;
  std::condition_variable HasWork;
  std::deque<std::function<void()>> Tasks;
  std::vector<std::thread> Workers;
  bool Stopping = false;
};

// ---------------------------------------------------------------------------
// Sockets

class Socket {
public:
  Socket() = default;
  explicit Socket(int Fd) : Fd(Fd) {}
  Socket(Socket &&Other) noexcept : Fd(std::exchange(Other.Fd, -1)) {}
  Socket &operator=(Socket &&Other) noexcept {
    if (this != &Other) {
      reset();
      Fd = std::exchange(Other.Fd, -1);
    }
    return *this;
  }
  Socket(const Socket &) = delete;
  Socket &operator=(const Socket &) = delete;
  ~Socket() { reset(); }

  int fd() const { return Fd; }
  bool valid() const { return Fd >= 0; }
  void reset() {
    if (Fd >= 0)
      ::close(Fd);
    Fd = -1;
  }

  static std::optional<Socket> listenOn(const std::string &Address,
                                        uint16_t Port, unsigned Backlog,
                                        std::string &Error) {
    addrinfo Hints{};
    Hints.ai_family = AF_UNSPEC;
    Hints.ai_socktype = SOCK_STREAM;
    Hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    addrinfo *Found = nullptr;
    std::string Service = std::to_string(Port);
    int Rc = ::getaddrinfo(Address.c_str(), Service.c_str(), &Hints, &Found);
    if (Rc != 0) {
      Error = std::string("getaddrinfo: ") + ::gai_strerror(Rc);
      return std::nullopt;
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> Guard(
        Found, &::freeaddrinfo);
    for (addrinfo *A = Found; A; A = A->ai_next) {
      Socket S(::socket(A->ai_family, A->ai_socktype | SOCK_CLOEXEC,
                        A->ai_protocol));
      if (!S.valid())
        continue;
      int One = 1;
      ::setsockopt(S.fd(), SOL_SOCKET, SO_REUSEADDR, &One, sizeof(One));
      if (::bind(S.fd(), A->ai_addr, A->ai_addrlen) == 0 &&
          ::listen(S.fd(), static_cast<int>(Backlog)) == 0)
        return S;
    }
    Error = std::string("cannot listen: ") + std::strerror(errno);
    return std::nullopt;
  }

private:
  int Fd = -1;
};

static bool sendAll(int Fd, const char *Data, std::size_t Size) {
  while (Size > 0) {
    ssize_t Sent = ::send(Fd, Data, Size, MSG_NOSIGNAL);
    if (Sent < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    Data += Sent;
    Size -= static_cast<std::size_t>(Sent);
  }
  return true;
}

static std::string peerName(const sockaddr_storage &Addr) {
  char Host[INET6_ADDRSTRLEN] = "?";
  if (Addr.ss_family == AF_INET) {
    const auto *In = reinterpret_cast<const sockaddr_in *>(&Addr);
    ::inet_ntop(AF_INET, &In->sin_addr, Host, sizeof(Host));
  } else if (Addr.ss_family == AF_INET6) {
    const auto *In6 = reinterpret_cast<const sockaddr_in6 *>(&Addr);
    ::inet_ntop(AF_INET6, &In6->sin6_addr, Host, sizeof(Host));
  }
  return Host;
}

// ---------------------------------------------------------------------------
// HTTP

enum class Method { Get, Put, Delete, Head, Other };

struct Request {
  Method Verb = Method::Other;
  std::string Target;
  std::string Version;
  std::vector<std::pair<std::string, std::string>> Headers;
  std::string Body;

  const std::string *header(const std::string &Name) const {
    for (const auto &H : Headers) {
      if (H.first.size() != Name.size())
        continue;
      bool Same = std::equal(H.first.begin(), H.first.end(), Name.begin(),
                             [](char A, char B) {
                               return std::tolower(
                                          static_cast<unsigned char>(A)) ==
                                      std::tolower(
                                          static_cast<unsigned char>(B));
                             });
      if (Same)
        return &H.second;
    }
    return nullptr;
  }
};

struct Response {
  int Status = 200;
  std::string Reason = "OK";
  std::vector<std::pair<std::string, std::string>> Headers;
  std::string Body;

  static Response text(int Status, std::string Reason, std::string Body) {
    Response R;
    R.Status = Status;
    R.Reason = std::move(Reason);
    R.Body = std::move(Body);
    R.Headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    return R;
  }

  std::string serialize(bool WithBody) const {
    std::ostringstream Out;
    Out << "HTTP/1.0 " << Status << ' ' << Reason << "\r\n";
    for (const auto &H : Headers)
      Out << H.first << ": " << H.second << "\r\n";
    Out << "Content-Length: " << Body.size() << "\r\n";
    Out << "Connection: close\r\n\r\n";
    if (WithBody)
      Out << Body;
    return Out.str();
  }
};

static Method parseMethod(const std::string &Text) {
  if (Text == "GET")
    return Method::Get;
  if (Text == "PUT")
    return Method::Put;
  if (Text == "DELETE")
    return Method::Delete;
  if (Text == "HEAD")
    return Method::Head;
  return Method::Other;
}

static const char *methodName(Method M) {
  switch (M) {
  case Method::Get:
    return "GET";
  case Method::Put:
    return "PUT";
  case Method::Delete:
    return "DELETE";
  case Method::Head:
    return "HEAD";
  case Method::Other:
    break;
  }
  return "OTHER";
}

static std::string percentDecode(const std::string &In, bool &Ok) {
  std::string Out;
  Out.reserve(In.size());
  Ok = true;
  for (std::size_t I = 0; I < In.size(); ++I) {
    char C = In[I];
    if (C == '%') {
      if (I + 2 >= In.size() || !std::isxdigit(In[I + 1]) ||
          !std::isxdigit(In[I + 2])) {
        Ok = false;
        return Out;
      }
      Out += static_cast<char>(std::stoi(In.substr(I + 1, 2), nullptr, 16));
      I += 2;
    } else if (C == '+') {
      Out += ' ';
    } else {
      Out += C;
    }
  }
  return Out;
}

enum class ParseResult { Complete, NeedMore, Bad, TooLarge };

// Parses one request from Buffer. Complete when the head and the whole
// body (Content-Length) are there.
static ParseResult parseRequest(const std::string &Buffer, std::size_t Limit,
                                Request &R) {
  std::size_t HeadEnd = Buffer.find("\r\n\r\n");
  if (HeadEnd == std::string::npos)
    return Buffer.size() > Limit ? ParseResult::TooLarge
                                 : ParseResult::NeedMore;
  std::istringstream Head(Buffer.substr(0, HeadEnd));
  std::string Line;
  if (!std::getline(Head, Line))
    return ParseResult::Bad;
  if (!Line.empty() && Line.back() == '\r')
    Line.pop_back();
  std::istringstream First(Line);
  std::string Verb;
  if (!(First >> Verb >> R.Target >> R.Version))
    return ParseResult::Bad;
  R.Verb = parseMethod(Verb);
  if (R.Version != "HTTP/1.0" && R.Version != "HTTP/1.1")
    return ParseResult::Bad;
  while (std::getline(Head, Line)) {
    if (!Line.empty() && Line.back() == '\r')
      Line.pop_back();
    std::size_t Colon = Line.find(':');
    if (Colon == std::string::npos || Colon == 0)
      return ParseResult::Bad;
    R.Headers.emplace_back(trim(Line.substr(0, Colon)),
                           trim(Line.substr(Colon + 1)));
  }
  std::size_t Length = 0;
  if (const std::string *L = R.header("Content-Length")) {
    unsigned long Value = 0;
    if (!parseUnsigned(*L, Limit, Value))
      return ParseResult::TooLarge;
    Length = Value;
  }
  std::size_t BodyStart = HeadEnd + 4;
  if (Buffer.size() - BodyStart < Length)
    return ParseResult::NeedMore;
  R.Body = Buffer.substr(BodyStart, Length);
  return ParseResult::Complete;
}

// ---------------------------------------------------------------------------
// The store

class Store {
public:
  explicit Store(std::size_t MaxKeys) : MaxKeys(MaxKeys) {}

  std::optional<std::string> get(const std::string &Key) const {
    std::shared_lock<std::shared_mutex> Lock(Mutex);
    auto It = Map.find(Key);
    if (It == Map.end())
      return std::nullopt;
    return It->second;
  }

  enum class PutResult { Created, Replaced, Full };

  PutResult put(const std::string &Key, std::string Value) {
    std::unique_lock<std::shared_mutex> Lock(Mutex);
    auto It = Map.find(Key);
    if (It != Map.end()) {
      It->second = std::move(Value);
      return PutResult::Replaced;
    }
    if (Map.size() >= MaxKeys)
      return PutResult::Full;
    Map.emplace(Key, std::move(Value));
    return PutResult::Created;
  }

  bool erase(const std::string &Key) {
    std::unique_lock<std::shared_mutex> Lock(Mutex);
    return Map.erase(Key) > 0;
  }

  std::vector<std::string> keysWithPrefix(const std::string &Prefix,
                                          std::size_t Limit) const {
    std::vector<std::string> Keys;
    std::shared_lock<std::shared_mutex> Lock(Mutex);
    for (const auto &Entry : Map) {
      if (Entry.first.compare(0, Prefix.size(), Prefix) == 0)
        Keys.push_back(Entry.first);
    }
    std::sort(Keys.begin(), Keys.end());
    if (Keys.size() > Limit)
      Keys.resize(Limit);
    return Keys;
  }

  std::size_t size() const {
    std::shared_lock<std::shared_mutex> Lock(Mutex);
    return Map.size();
  }

private:
  mutable std::shared_mutex Mutex;
  std::unordered_map<std::string, std::string> Map;
  std::size_t MaxKeys;
};

// ---------------------------------------------------------------------------
// Routing

using Handler = std::function<Response(const Request &,
                                       const std::string &Rest)>;

class Router {
public:
  void add(Method M, std::string Prefix, Handler H) {
    // Longest prefix first; among equal lengths, in the order added.
    auto At = std::find_if(Routes.begin(), Routes.end(),
                           [&](const Route &R) {
                             return R.Prefix.size() < Prefix.size();
                           });
    Routes.insert(At, Route{M, std::move(Prefix), std::move(H)});
  }

  Response dispatch(const Request &R) const {
    bool PathKnown = false;
    for (const Route &Candidate : Routes) {
      if (R.Target.compare(0, Candidate.Prefix.size(), Candidate.Prefix) != 0)
        continue;
      PathKnown = true;
      Method Wanted = R.Verb == Method::Head ? Method::Get : R.Verb;
      if (Candidate.Verb != Wanted)
        continue;
      return Candidate.Run(R, R.Target.substr(Candidate.Prefix.size()));
    }
    if (PathKnown)
      return Response::text(405, "Method Not Allowed", "method not allowed\n");
    return Response::text(404, "Not Found", "not found\n");
  }

private:
  struct Route {
    Method Verb;
    std::string Prefix;
    Handler Run;
  };
  std::vector<Route> Routes;
};

// ---------------------------------------------------------------------------
// The server

class Server {
public:
  explicit Server(Config C)
      : Cfg(std::move(C)), Log(Cfg.AccessLog), Data(Cfg.MaxKeys),
        Pool(Cfg.Workers),
        Reporter(Counters, Cfg.MetricsHost, Cfg.MetricsPort,
                 Cfg.MetricsInterval) {
    installRoutes();
  }

  bool start(std::string &Error) {
    std::optional<Socket> L =
        Socket::listenOn(Cfg.BindAddress, Cfg.Port, Cfg.Backlog, Error);
    if (!L)
      return false;
    Listener = std::move(*L);
    Log.start();
    if (!Reporter.start())
      std::cerr << "kvd: metrics disabled: bad collector address\n";
    Running = true;
    std::thread([this] { acceptLoop(); }).detach();
    if (Cfg.Verbose)
      std::cerr << "kvd: listening on " << Cfg.BindAddress << ":" << Cfg.Port
                << " with " << Cfg.Workers << " workers\n";
    return true;
  }

  void stop() {
    Running = false;
    Listener.reset();
    Pool.shutdown();
  }

  std::size_t keys() const { return Data.size(); }

private:
  void installRoutes() {
    Routes.add(Method::Get, "/kv/", [this](const Request &, const std::string &Key) {
      bool Ok = false;
      std::string Decoded = percentDecode(Key, Ok);
      if (!Ok || Decoded.empty())
        return Response::text(400, "Bad Request", "bad key\n");
      if (std::optional<std::string> Value = Data.get(Decoded)) {
        Counters.count("get.hit");
        Response R = Response::text(200, "OK", *Value);
        R.Headers[0].second = "application/octet-stream";
        return R;
      }
      Counters.count("get.miss");
      return Response::text(404, "Not Found", "no such key\n");
    });
    Routes.add(Method::Put, "/kv/", [this](const Request &R, const std::string &Key) {
      bool Ok = false;
      std::string Decoded = percentDecode(Key, Ok);
      if (!Ok || Decoded.empty())
        return Response::text(400, "Bad Request", "bad key\n");
      switch (Data.put(Decoded, R.Body)) {
      case Store::PutResult::Created:
        Counters.count("put.created");
        return Response::text(201, "Created", "created\n");
      case Store::PutResult::Replaced:
        Counters.count("put.replaced");
        return Response::text(200, "OK", "replaced\n");
      case Store::PutResult::Full:
        break;
      }
      Counters.count("put.full");
      return Response::text(507, "Insufficient Storage", "store is full\n");
    });
    Routes.add(Method::Delete, "/kv/",
               [this](const Request &, const std::string &Key) {
                 bool Ok = false;
                 std::string Decoded = percentDecode(Key, Ok);
                 if (!Ok)
                   return Response::text(400, "Bad Request", "bad key\n");
                 if (!Data.erase(Decoded))
                   return Response::text(404, "Not Found", "no such key\n");
                 Counters.count("delete");
                 return Response::text(200, "OK", "deleted\n");
               });
    Routes.add(Method::Get, "/keys", [this](const Request &, const std::string &Rest) {
      std::string Prefix;
      if (Rest.rfind("?prefix=", 0) == 0) {
        bool Ok = false;
        Prefix = percentDecode(Rest.substr(8), Ok);
        if (!Ok)
          return Response::text(400, "Bad Request", "bad prefix\n");
      }
      std::string Body;
      for (const std::string &Key : Data.keysWithPrefix(Prefix, 1000))
        Body += Key + "\n";
      return Response::text(200, "OK", std::move(Body));
    });
    Routes.add(Method::Get, "/health", [this](const Request &, const std::string &) {
      std::ostringstream Body;
      Body << "ok keys=" << Data.size() << " queued=" << Pool.queued()
           << " log_dropped=" << Log.dropped() << "\n";
      return Response::text(200, "OK", Body.str());
    });
  }

  void acceptLoop() {
    while (Running) {
      pollfd P{Listener.fd(), POLLIN, 0};
      int Ready = ::poll(&P, 1, 500);
      if (Ready <= 0)
        continue;
      sockaddr_storage Peer{};
      socklen_t PeerLen = sizeof(Peer);
      int Fd = ::accept4(Listener.fd(), reinterpret_cast<sockaddr *>(&Peer),
                         &PeerLen, SOCK_CLOEXEC);
      if (Fd < 0) {
        if (errno != EINTR && errno != EAGAIN)
          Counters.count("accept.error");
        continue;
      }
      int One = 1;
      ::setsockopt(Fd, IPPROTO_TCP, TCP_NODELAY, &One, sizeof(One));
      auto Conn = std::make_shared<Socket>(Fd);
      std::string PeerText = peerName(Peer);
      bool Queued = Pool.submit([this, Conn, PeerText] {
        serve(*Conn, PeerText);
      });
      if (!Queued) {
        static const char Busy[] =
            "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
        sendAll(Fd, Busy, sizeof(Busy) - 1);
        Counters.count("rejected");
      }
    }
  }

  void serve(Socket &Conn, const std::string &Peer) {
    auto Started = std::chrono::steady_clock::now();
    std::string Buffer;
    char Chunk[4096];
    Request R;
    ParseResult State = ParseResult::NeedMore;
    while (State == ParseResult::NeedMore) {
      pollfd P{Conn.fd(), POLLIN, 0};
      if (::poll(&P, 1, 5000) <= 0) {
        Counters.count("timeout");
        return;
      }
      ssize_t Got = ::recv(Conn.fd(), Chunk, sizeof(Chunk), 0);
      if (Got <= 0)
        return;
      Buffer.append(Chunk, static_cast<std::size_t>(Got));
      R = Request();
      State = parseRequest(Buffer, Cfg.MaxRequestBytes, R);
    }
    Response Reply;
    if (State == ParseResult::Bad)
      Reply = Response::text(400, "Bad Request", "malformed request\n");
    else if (State == ParseResult::TooLarge)
      Reply = Response::text(413, "Payload Too Large", "too large\n");
    else
      Reply = Routes.dispatch(R);
    std::string Wire = Reply.serialize(R.Verb != Method::Head);
    sendAll(Conn.fd(), Wire.data(), Wire.size());
    auto Took = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - Started);
    Counters.latency(Took);
    Counters.count("requests");
    std::ostringstream Line;
    Line << Peer << " " << methodName(R.Verb) << " " << R.Target << " "
         << Reply.Status << " " << Reply.Body.size() << " " << Took.count()
         << "us";
    Log.append(Line.str());
  }

  Config Cfg;
  AccessLog Log;
  Store Data;
  Metrics Counters;
  ThreadPool Pool;
  MetricsReporter Reporter;
  Router Routes;
  Socket Listener;
  std::atomic<bool> Running{false};
};

} // namespace kvd

namespace {
volatile std::sig_atomic_t StopRequested = 0;

extern "C" void onSignal(int) { StopRequested = 1; }
} // namespace

int main(int Argc, char **Argv) {
  kvd::Config Config;
  std::string Error;
  if (!kvd::parseArguments(Argc, Argv, Config, Error)) {
    std::cerr << "kvd: " << Error << "\n";
    return 2;
  }
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  std::signal(SIGPIPE, SIG_IGN);

  kvd::Server Server(Config);
  if (!Server.start(Error)) {
    std::cerr << "kvd: " << Error << "\n";
    return 1;
  }
  while (!StopRequested)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Server.stop();
  std::cerr << "kvd: stopped with " << Server.keys() << " keys\n";
  return 0;
}
