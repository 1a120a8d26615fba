// Near misses of the rules for constant arguments: each check below depends
// on more than its constant arguments, or cannot be evaluated, and stays
// reported.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

int Mode;

// The constructor of the elements reads the environment.
struct Slot {
  Slot() : On(std::getenv("STRICT") != nullptr) {}
  bool On;
};
void addSlots(const std::string &Pattern) {
  std::vector<Slot> Slots(Pattern.size());
  if (Slots[0].On)
    throw std::invalid_argument("strict");
}
void serveSlots() { addSlots("/x"); }

// The comparator of the set reads a global.
struct ByMode {
  bool operator()(const std::string &L, const std::string &R) const {
    return Mode ? L.size() < R.size() : L < R;
  }
};
void addSorted(const std::string &Pattern) {
  std::set<std::string, ByMode> Seen;
  Seen.insert(Pattern.substr(0, 1));
  if (!Seen.insert(Pattern.substr(1, 1)).second)
    throw std::invalid_argument("seen");
}
void serveSorted() { addSorted("ab"); }

// A destructor of a local writes a global into it.
struct Restore {
  int &Out;
  ~Restore() { Out = Mode; }
};
void addRestored(const std::string &Pattern) {
  int Seen = 0;
  { Restore R{Seen}; }
  if (Seen + Pattern.size() > 3)
    throw std::invalid_argument("restored");
}
void serveRestored() { addRestored("/x"); }

// A lambda's capture is its enclosing function's, read at run time.
void serveCaptured() {
  std::size_t Limit = std::atoi(std::getenv("LIMIT"));
  auto Check = [&](const std::string &Pattern) {
    if (Pattern.size() > Limit)
      throw std::invalid_argument("limit");
  };
  Check("/x");
}

// merge() hands back what the member already holds.
class Router {
public:
  void add(const std::string &Pattern) {
    std::set<std::string> New{Pattern};
    Routes.merge(New);
    if (!New.empty())
      throw std::invalid_argument("route added twice");
  }

private:
  std::set<std::string> Routes;
};
void serveRouter() {
  Router R;
  R.add("/a");
  R.add("/a");
}

// A value thrown and caught in the function is read on.
void addCaught(const std::string &Pattern) {
  std::size_t Seen = 0;
  try {
    throw Mode;
  } catch (int V) {
    Seen = V;
  }
  if (Seen + Pattern.size() > 3)
    throw std::invalid_argument("caught");
}
void serveCaught() { addCaught("/a"); }

// std::forward that converts does not pass the parameter on unchanged.
void reserveAtLeast(long N) {
  if (N < 100)
    throw std::invalid_argument("too small");
}
void grow(long N) { reserveAtLeast(std::forward<int>(N)); }
void serveGrow() { grow(4294967296L); }

// A branch without braces is no condition of the `if`.
void addLegacy(const std::string &Pattern) {
  std::vector<std::string> Legacy;
  std::size_t N = 0;
  if (!Legacy.empty())
    N = Pattern.size();
  else if (Legacy.empty())
    throw std::logic_error("legacy routes are gone");
}
void serveLegacy() { addLegacy("/old"); }

// A NUL cuts the string short: its size is 2.
void setName(const std::string &Name) {
  if (Name.size() < 3)
    throw std::invalid_argument("name too short");
}
void serveNul() { setName("ab\0cd"); }

// Traits of the program compare their own way.
struct NoCase : std::char_traits<char> {
  static int compare(const char *A, const char *B, std::size_t N) {
    for (; N; --N, ++A, ++B)
      if (std::tolower(*A) != std::tolower(*B))
        return std::tolower(*A) < std::tolower(*B) ? -1 : 1;
    return 0;
  }
};
void setHeader(const std::basic_string<char, NoCase> &Name) {
  if (Name == "host")
    throw std::invalid_argument("Host is set by the client");
}
void serveHeader() { setHeader("HOST"); }

// A constant initialized with itself has no value to evaluate.
extern const char *const Self;
const char *const Self = Self;
void addSelf(const char *Pattern) {
  if (Pattern)
    throw std::invalid_argument("self");
}
void serveSelf() { addSelf(Self); }

// A static member read through an object is a global.
struct Settings {
  static int Strict;
};
int Settings::Strict = 0;
void addStrict(const std::string &Pattern) {
  Settings S;
  if (S.Strict && Pattern.size() > 1)
    throw std::invalid_argument("strict");
}
void serveStrict() { addStrict("/a"); }

// A comparator given as a function pointer is code of the program.
bool byMode(char A, char B) { return Mode ? true : A < B; }
void addChars(const std::string &Pattern) {
  std::set<char, bool (*)(char, char)> Seen(byMode);
  for (char C : Pattern)
    if (!Seen.insert(C).second)
      throw std::invalid_argument("dup");
}
void serveChars() { addChars("ab"); }

// So is an operator the program declares for an enumeration.
enum Kind { Literal, Parameter };
bool operator<(Kind A, Kind B) { return Mode ? false : int(A) < int(B); }
void addKinds(const std::string &Pattern) {
  std::set<Kind> Seen;
  for (char C : Pattern)
    if (!Seen.insert(C == ':' ? Parameter : Literal).second)
      throw std::invalid_argument("dup");
}
void serveKinds() { addKinds("a:"); }

// A conversion of the program makes the string.
struct Prefix {
  operator std::string_view() const { return std::getenv("PREFIX"); }
};
void addPrefixed(const std::string &Pattern) {
  std::string P(Prefix{});
  if (Pattern.size() < P.size())
    throw std::invalid_argument("short");
}
void servePrefixed() { addPrefixed("abc"); }

// Addresses change from run to run.
void addProbed(const std::string &Pattern) {
  int Probe = 0;
  std::uintptr_t A = reinterpret_cast<std::uintptr_t>(&Probe);
  if ((A & 0x10) && Pattern.size() > 1)
    throw std::invalid_argument("address");
}
void serveProbed() { addProbed("abc"); }

// A constant expression answers differently at run time.
int Limit = 10;
constexpr bool fits(int N) {
  if (__builtin_is_constant_evaluated())
    return true;
  return N < Limit;
}
void setLevel(int N) {
  if (!fits(N))
    throw std::invalid_argument("level");
}
void serveLevel() { setLevel(50); }

// The recursive call passes other arguments than the first one.
void openLevel(int Depth) {
  if (Depth > 0)
    throw std::runtime_error("nested too deep");
  openLevel(1);
}
void serveNested() { openLevel(0); }

int main() {
  std::thread(serveSlots).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveSlots' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-198]]:21: note: 'serveSlots' calls 'addSlots'
  // CHECK-NOTES: :[[@LINE-201]]:5: note: 'addSlots' throws 'std::invalid_argument' here
  std::thread(serveSorted).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveSorted' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-188]]:22: note: 'serveSorted' calls 'addSorted'
  // CHECK-NOTES: :[[@LINE-191]]:5: note: 'addSorted' throws 'std::invalid_argument' here
  std::thread(serveRestored).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveRestored' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-179]]:24: note: 'serveRestored' calls 'addRestored'
  // CHECK-NOTES: :[[@LINE-182]]:5: note: 'addRestored' throws 'std::invalid_argument' here
  std::thread(serveCaptured).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveCaptured' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-174]]:3: note: 'serveCaptured' calls the lambda at constant-checks.cpp:63
  // CHECK-NOTES: :[[@LINE-177]]:7: note: the lambda at constant-checks.cpp:63 throws 'std::invalid_argument' here
  std::thread(serveRouter).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveRouter' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-160]]:5: note: 'serveRouter' calls 'Router::add'
  // CHECK-NOTES: :[[@LINE-169]]:7: note: 'Router::add' throws 'std::invalid_argument' here
  std::thread(serveCaught).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveCaught' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-149]]:22: note: 'serveCaught' calls 'addCaught'
  // CHECK-NOTES: :[[@LINE-152]]:5: note: 'addCaught' throws 'std::invalid_argument' here
  std::thread(serveGrow).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveGrow' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-145]]:20: note: 'serveGrow' calls 'grow'
  // CHECK-NOTES: :[[@LINE-147]]:21: note: 'grow' calls 'reserveAtLeast'
  // CHECK-NOTES: :[[@LINE-150]]:5: note: 'reserveAtLeast' throws 'std::invalid_argument' here
  std::thread(serveLegacy).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveLegacy' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-139]]:22: note: 'serveLegacy' calls 'addLegacy'
  // CHECK-NOTES: :[[@LINE-142]]:5: note: 'addLegacy' throws 'std::logic_error' here
  std::thread(serveNul).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveNul' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-136]]:19: note: 'serveNul' calls 'setName'
  // CHECK-NOTES: :[[@LINE-139]]:5: note: 'setName' throws 'std::invalid_argument' here
  std::thread(serveHeader).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveHeader' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-125]]:22: note: 'serveHeader' calls 'setHeader'
  // CHECK-NOTES: :[[@LINE-128]]:5: note: 'setHeader' throws 'std::invalid_argument' here
  std::thread(serveSelf).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveSelf' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-120]]:20: note: 'serveSelf' calls 'addSelf'
  // CHECK-NOTES: :[[@LINE-123]]:5: note: 'addSelf' throws 'std::invalid_argument' here
  std::thread(serveStrict).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveStrict' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-112]]:22: note: 'serveStrict' calls 'addStrict'
  // CHECK-NOTES: :[[@LINE-115]]:5: note: 'addStrict' throws 'std::invalid_argument' here
  std::thread(serveChars).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveChars' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-106]]:21: note: 'serveChars' calls 'addChars'
  // CHECK-NOTES: :[[@LINE-109]]:7: note: 'addChars' throws 'std::invalid_argument' here
  std::thread(serveKinds).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveKinds' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-99]]:21: note: 'serveKinds' calls 'addKinds'
  // CHECK-NOTES: :[[@LINE-102]]:7: note: 'addKinds' throws 'std::invalid_argument' here
  std::thread(servePrefixed).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'servePrefixed' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-92]]:24: note: 'servePrefixed' calls 'addPrefixed'
  // CHECK-NOTES: :[[@LINE-95]]:5: note: 'addPrefixed' throws 'std::invalid_argument' here
  std::thread(serveProbed).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveProbed' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-87]]:22: note: 'serveProbed' calls 'addProbed'
  // CHECK-NOTES: :[[@LINE-90]]:5: note: 'addProbed' throws 'std::invalid_argument' here
  std::thread(serveLevel).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveLevel' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-78]]:21: note: 'serveLevel' calls 'setLevel'
  // CHECK-NOTES: :[[@LINE-81]]:5: note: 'setLevel' throws 'std::invalid_argument' here
  std::thread(serveNested).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveNested' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-74]]:22: note: 'serveNested' calls 'openLevel'
  // CHECK-NOTES: :[[@LINE-78]]:5: note: 'openLevel' throws 'std::runtime_error' here
}
