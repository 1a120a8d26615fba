// A parser thread that reads numbers and records; exceptions from throw
// statements and from the standard library.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void expectDigit(char C) {
  if (C < '0' || C > '9')
    throw ParseError("not a digit");
}

int parseField(const std::string &Text) {
  expectDigit(Text[0]);
  return 0;
}

void parseAll() { parseField("x1"); }

void startParser() {
  std::thread Parser(parseAll);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'parseAll' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-5]]:19: note: 'parseAll' calls 'parseField'
  // CHECK-NOTES: :[[@LINE-10]]:3: note: 'parseField' calls 'expectDigit'
  // CHECK-NOTES: :[[@LINE-15]]:5: note: 'expectDigit' throws 'ParseError' here
  Parser.join();
}

// The same chain, caught in the entry by a base-class handler: silent.
void parseAllSafely() {
  try {
    parseField("x1");
  } catch (const std::exception &) {
  }
}
void startSafeParser() {
  std::thread Parser(parseAllSafely);
  Parser.join();
}

// Joined threads count too: std::stoi throws on bad input.
int readPort(const std::string &Text) { return std::stoi(Text); }
void portWorker() { readPort("http"); }
void startPortWorker() {
  std::thread Worker(portWorker);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'portWorker' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:21: note: 'portWorker' calls 'readPort'
  // CHECK-NOTES: :[[@LINE-6]]:48: note: 'readPort' calls 'std::stoi' here, which throws 'std::invalid_argument'
  Worker.join();
}

// Catching one of stoi's two exceptions leaves the other.
void portWorkerHalfCaught() {
  try {
    readPort("99999999999");
  } catch (const std::invalid_argument &) {
  }
}
void startHalfCaught() {
  std::thread Worker(portWorkerHalfCaught);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'portWorkerHalfCaught' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-7]]:5: note: 'portWorkerHalfCaught' calls 'readPort'
  // CHECK-NOTES: :[[@LINE-21]]:48: note: 'readPort' calls 'std::stoi' here, which throws 'std::out_of_range'
  Worker.join();
}

// Both caught through their common base std::logic_error: silent.
void portWorkerCaught() {
  try {
    readPort("99999999999");
  } catch (const std::logic_error &) {
  }
}
void startCaught() { std::thread(portWorkerCaught).join(); }

// .at() of containers and strings throws std::out_of_range.
struct Table {
  std::map<std::string, int> Columns;
  std::vector<int> Widths;
  int widthOf(const std::string &Name) { return Widths.at(Columns.at(Name)); }
};
void layout(Table *T) { T->widthOf("id"); }
void startLayout(Table &T) {
  std::thread(layout, &T).join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'layout' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-4]]:28: note: 'layout' calls 'Table::widthOf'
  // CHECK-NOTES: :[[@LINE-7]]:67: note: 'Table::widthOf' calls 'std::map::at' here, which throws 'std::out_of_range'
}

// Rethrowing from a handler: the caught exception escapes again.
void parseAndLog() {
  try {
    parseField("?");
  } catch (const ParseError &) {
    throw;
  }
}
void startLogged() {
  std::thread Parser(parseAndLog);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'parseAndLog' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: 'parseAndLog' rethrows 'ParseError' here
  Parser.join();
}
