// An uploader and a session that hand their detached threads references
// into their own frames.
// RUN: %check_daemon %s daemon-detached-dangling-reference %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-dangling-reference %t -- -std=c++17

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

void send(const std::string &) {}

void uploadExplicit() {
  std::string Payload = "report";
  std::thread([&Payload] { send(Payload); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: detached thread running the lambda at captures.cpp:17 captures 'Payload' by reference; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:46: note: thread detached here
}

void uploadImplicit(int Retries) {
  std::string Payload = "report";
  std::thread Uploader([&] {
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: detached thread running the lambda at captures.cpp:24 captures 'Retries' by reference; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE+3]]:25: note: 'Retries' is captured implicitly by this use
  // CHECK-NOTES: :[[@LINE+3]]:12: note: the thread also uses 'Payload' here
  // CHECK-NOTES: :[[@LINE+4]]:12: note: thread detached here
    for (int I = 0; I < Retries; ++I)
      send(Payload);
  });
  Uploader.detach();
}

class Session {
public:
  void startHeartbeat() {
    std::thread([this] { beat(); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: detached thread running the lambda at captures.cpp:38 captures 'this'; the object may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
    // CHECK-NOTES: :[[@LINE-2]]:37: note: thread detached here
  }
  void startImplicit() {
    std::thread([=] { beat(); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: detached thread running the lambda at captures.cpp:43 captures 'this'; the object may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
    // CHECK-NOTES: :[[@LINE-2]]:23: note: 'this' is captured implicitly by this use
    // CHECK-NOTES: :[[@LINE-3]]:34: note: thread detached here
  }
  void startWithMember() {
    std::thread(&Session::beat, this).detach();
    // CHECK-NOTES: :[[@LINE-1]]:33: warning: detached thread running 'Session::beat' receives 'this'; the object may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
    // CHECK-NOTES: :[[@LINE-2]]:39: note: thread detached here
  }
  // Copies of the object: silent.
  void startWithCopy() {
    std::thread([*this] { (void)Id; }).detach();
  }
  void beat() {}

private:
  int Id = 0;
};

// A lambda stored in a local first; an init-capture by reference.
void storedLambda() {
  std::vector<int> Samples(16);
  auto Work = [&Samples] { Samples.push_back(1); };
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: detached thread running the lambda at captures.cpp:66 captures 'Samples' by reference; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE+1]]:21: note: thread detached here
  std::thread(Work).detach();
}

void initCapture() {
  std::string Name = "x";
  std::thread([&Alias = Name] { send(Alias); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: detached thread running the lambda at captures.cpp:74 captures 'Name' by reference; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:49: note: thread detached here
}

// Captures of main's locals count too.
int main() {
  std::string Greeting = "hello";
  std::thread([&Greeting] { send(Greeting); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: detached thread running the lambda at captures.cpp:82 captures 'Greeting' by reference; it may be destroyed while the thread still uses it [daemon-detached-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:48: note: thread detached here
  return 0;
}

// Near misses: all silent.

// Captured by value.
void byValue() {
  std::string Payload = "report";
  std::thread([Payload] { send(Payload); }).detach();
}

// Joined before the local dies.
void joined() {
  std::string Payload = "report";
  std::thread T([&Payload] { send(Payload); });
  T.join();
}

// A reference parameter: its referent's lifetime is not visible here.
void forwardRef(const std::string &Payload) {
  std::thread([&Payload] { send(Payload); }).detach();
}

// Globals and statics are not in the frame.
std::string Global;
void globals() {
  static std::string Local = "s";
  std::thread([&] { send(Global + Local); }).detach();
}

// Heap objects whose ownership moves into the thread.
void heap() {
  auto Buffer = std::make_shared<std::string>("data");
  std::thread([Buffer] { send(*Buffer); }).detach();
}

// The creator waits for the thread's completion signal in the same scope.
void waitsForSignal() {
  std::string Payload = "report";
  std::promise<void> Done;
  std::future<void> Finished = Done.get_future();
  std::thread([&Payload, P = std::move(Done)]() mutable {
    send(Payload);
    P.set_value();
  }).detach();
  Finished.wait();
}
