// A route table in the style of a header-only HTTP server: the matcher for a
// pattern with parameters throws when one is named twice. A condition on a
// parameter bound to a string literal is evaluated; a check that only
// computes with constant arguments is taken to pass them; strings read at
// run time, checks that read anything else, and checks that do not depend on
// the arguments stay reported.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <cstddef>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

namespace web {
namespace detail {
template <class T, class... Args> std::unique_ptr<T> make_unique(Args &&...A) {
  return std::unique_ptr<T>(new T(std::forward<Args>(A)...));
}
struct Matcher {
  virtual ~Matcher() = default;
};
// Throws for a pattern that names one parameter twice.
struct ParamMatcher final : Matcher {
  explicit ParamMatcher(const std::string &Pattern) {
    std::unordered_set<std::string> Seen;
    for (std::size_t At = Pattern.find("/:"); At != std::string::npos;
         At = Pattern.find("/:", At + 1)) {
      std::size_t End = Pattern.find('/', At + 2);
      std::string Name = Pattern.substr(At + 2, End - At - 2);
      if (!Seen.insert(Name).second)
        throw std::invalid_argument("parameter '" + Name + "' named twice");
    }
  }
};
struct RegexMatcher final : Matcher {
  explicit RegexMatcher(const std::string &Pattern) : Regex(Pattern) {}
  std::regex Regex;
};
} // namespace detail

class Server {
public:
  using Handler = std::function<void()>;
  Server &Get(const std::string &Pattern, Handler H) {
    Routes.emplace_back(matcherFor(Pattern), std::move(H));
    return *this;
  }

private:
  static std::unique_ptr<detail::Matcher>
  matcherFor(const std::string &Pattern) {
    if (Pattern.find("/:") != std::string::npos)
      return detail::make_unique<detail::ParamMatcher>(Pattern);
    return detail::make_unique<detail::RegexMatcher>(Pattern);
  }
  std::vector<std::pair<std::unique_ptr<detail::Matcher>, Handler>> Routes;
};
} // namespace web

// "/hi" has no parameter: the throwing matcher is never built.
void serveHello() {
  web::Server S;
  S.Get("/hi", [] {});
}

// The matcher checks "/users/:id" in a loop that only computes with the
// pattern: the constant is taken to pass.
void serveUser() {
  web::Server S;
  S.Get("/users/:id", [] {});
}

// So is a const string that starts as a literal.
const std::string MetricsRoute = "/metrics/:name";
void serveMetrics() {
  web::Server S;
  S.Get(MetricsRoute, [] {});
}

// A route read from a file is not known.
void serveConfigured() {
  std::ifstream In("/etc/web/route");
  std::string Route;
  std::getline(In, Route);
  web::Server S;
  S.Get(Route, [] {});
}

// A check that also reads a global is not a check of the argument alone.
int MaxParams = 1;
void addLimitedRoute(const std::string &Pattern) {
  std::size_t Count = 0;
  for (std::size_t At = Pattern.find("/:"); At != std::string::npos;
       At = Pattern.find("/:", At + 1))
    ++Count;
  if (Count > static_cast<std::size_t>(MaxParams))
    throw std::invalid_argument("too many parameters");
}
void serveLimited() { addLimitedRoute("/users/:id"); }

// A check that does not depend on the argument throws for every argument.
void addLegacyRoute(const std::string &Pattern) {
  std::vector<std::string> Legacy;
  if (Legacy.empty())
    throw std::logic_error("legacy routes are gone: " + Pattern);
}
void serveLegacy() { addLegacyRoute("/old"); }

// A check that reads a member depends on what the object already holds.
class Router {
public:
  void add(const std::string &Pattern) {
    for (const std::string &Known : Routes)
      if (Known == Pattern)
        throw std::invalid_argument("route added twice");
    Routes.push_back(Pattern);
  }

private:
  std::vector<std::string> Routes;
};
void serveRouter() {
  Router R;
  R.add("/a");
  R.add("/a");
}

// Only a throw is taken as a check: a throwing call in a branch is not.
char secondChar(const std::string &Text) {
  std::size_t Size = Text.size();
  if (Size > 0)
    return Text.at(1);
  return 0;
}
void serveShort() { secondChar("/"); }

// Comparisons, emptiness and lengths of string views are evaluated.
void setMode(std::string_view Mode) {
  if (Mode.empty() || Mode.size() > 8 || (Mode != "append" && Mode != "rotate"))
    throw std::invalid_argument("unknown mode");
}
void logAppend() { setMode("append"); }
void logTruncate() { setMode("truncate"); }

int main() {
  std::thread(serveHello).detach();
  std::thread(serveUser).detach();
  std::thread(serveMetrics).detach();
  std::thread(serveConfigured).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveConfigured' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-65]]:5: note: 'serveConfigured' calls 'Server::Get'
  // CHECK-NOTES: :[[@LINE-107]]:25: note: 'Server::Get' calls 'Server::matcherFor'
  // CHECK-NOTES: :[[@LINE-100]]:14: note: 'Server::matcherFor' calls 'make_unique'
  // CHECK-NOTES: :[[@LINE-137]]:33: note: 'make_unique' calls 'ParamMatcher::ParamMatcher'
  // CHECK-NOTES: :[[@LINE-124]]:9: note: 'ParamMatcher::ParamMatcher' throws 'std::invalid_argument' here
  std::thread(serveLimited).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveLimited' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-59]]:23: note: 'serveLimited' calls 'addLimitedRoute'
  // CHECK-NOTES: :[[@LINE-62]]:5: note: 'addLimitedRoute' throws 'std::invalid_argument' here
  std::thread(serveLegacy).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveLegacy' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-55]]:22: note: 'serveLegacy' calls 'addLegacyRoute'
  // CHECK-NOTES: :[[@LINE-58]]:5: note: 'addLegacyRoute' throws 'std::logic_error' here
  std::thread(serveRouter).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveRouter' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-42]]:5: note: 'serveRouter' calls 'Router::add'
  // CHECK-NOTES: :[[@LINE-52]]:9: note: 'Router::add' throws 'std::invalid_argument' here
  std::thread(serveShort).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveShort' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-35]]:21: note: 'serveShort' calls 'secondChar'
  // CHECK-NOTES: :[[@LINE-39]]:17: note: 'secondChar' calls 'std::basic_string::at' here, which throws 'std::out_of_range'
  std::thread(logAppend).detach();
  std::thread(logTruncate).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'logTruncate' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-32]]:22: note: 'logTruncate' calls 'setMode'
  // CHECK-NOTES: :[[@LINE-36]]:5: note: 'setMode' throws 'std::invalid_argument' here
}
