// A route table in the style of a header-only HTTP server: the matcher for a
// pattern is chosen by a string test on the pattern, and only the matcher for
// patterns with parameters throws. A condition on a parameter bound to a
// string literal is evaluated; strings read at run time stay reported.
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

// So is a const string that starts as a literal.
const std::string MetricsRoute = "/metrics";
void serveMetrics() {
  web::Server S;
  S.Get(MetricsRoute, [] {});
}

// A pattern with parameters takes the branch that can throw.
void serveTwice() {
  web::Server S;
  S.Get("/users/:id/posts/:id", [] {});
}

// A route read from a file is not known.
void serveConfigured() {
  std::ifstream In("/etc/web/route");
  std::string Route;
  std::getline(In, Route);
  web::Server S;
  S.Get(Route, [] {});
}

// Comparisons, emptiness and lengths of string views.
void setMode(std::string_view Mode) {
  if (Mode.empty() || Mode.size() > 8 || (Mode != "append" && Mode != "rotate"))
    throw std::invalid_argument("unknown mode");
}
void logAppend() { setMode("append"); }
void logTruncate() { setMode("truncate"); }

int main() {
  std::thread(serveHello).detach();
  std::thread(serveMetrics).detach();
  std::thread(serveTwice).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveTwice' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-25]]:5: note: 'serveTwice' calls 'Server::Get'
  // CHECK-NOTES: :[[@LINE-57]]:25: note: 'Server::Get' calls 'Server::matcherFor'
  // CHECK-NOTES: :[[@LINE-50]]:14: note: 'Server::matcherFor' calls 'make_unique'
  // CHECK-NOTES: :[[@LINE-87]]:33: note: 'make_unique' calls 'ParamMatcher::ParamMatcher'
  // CHECK-NOTES: :[[@LINE-74]]:9: note: 'ParamMatcher::ParamMatcher' throws 'std::invalid_argument' here
  std::thread(serveConfigured).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveConfigured' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-23]]:5: note: 'serveConfigured' calls 'Server::Get'
  // CHECK-NOTES: :[[@LINE-64]]:25: note: 'Server::Get' calls 'Server::matcherFor'
  // CHECK-NOTES: :[[@LINE-57]]:14: note: 'Server::matcherFor' calls 'make_unique'
  // CHECK-NOTES: :[[@LINE-94]]:33: note: 'make_unique' calls 'ParamMatcher::ParamMatcher'
  // CHECK-NOTES: :[[@LINE-81]]:9: note: 'ParamMatcher::ParamMatcher' throws 'std::invalid_argument' here
  std::thread(logAppend).detach();
  std::thread(logTruncate).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'logTruncate' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-22]]:22: note: 'logTruncate' calls 'setMode'
  // CHECK-NOTES: :[[@LINE-26]]:5: note: 'setMode' throws 'std::invalid_argument' here
}
