// A detached worker runs the tasks other code queues; an exception that
// leaves a task leaves the worker too.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

class Worker {
public:
  void post(std::function<void()> Task) {
    std::lock_guard<std::mutex> Lock(M);
    Tasks.push_back(std::move(Task));
  }
  void start() {
    std::thread([this] { run(); }).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: exception thrown in the thread running the lambda at work-queues.cpp:21 is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
    // CHECK-NOTES: :[[@LINE-2]]:26: note: the lambda at work-queues.cpp:21 calls 'Worker::run'
    // CHECK-NOTES: :[[@LINE+16]]:7: note: 'Worker::run' calls the lambda at work-queues.cpp:51
    // CHECK-NOTES: :[[@LINE+26]]:19: note: the lambda at work-queues.cpp:51 calls 'parsePort'
    // CHECK-NOTES: :[[@LINE+21]]:49: note: 'parsePort' calls 'std::stoi' here, which throws 'std::invalid_argument'
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Task;
      {
        std::lock_guard<std::mutex> Lock(M);
        if (Tasks.empty())
          continue;
        Task = std::move(Tasks.front());
        Tasks.pop_front();
      }
      Task();
    }
  }
  std::mutex M;
  std::deque<std::function<void()>> Tasks;
};

void parsePort(const std::string &Text) { (void)std::stoi(Text); }

void useWorker(Worker &W, const std::string &Text) {
  W.start();
  W.post([Text] { parsePort(Text); });
}

// Near miss: this worker catches what its tasks throw.
class SafeWorker {
public:
  void post(std::function<void()> Task) { Tasks.push_back(std::move(Task)); }
  void start() {
    std::thread([this] {
      for (; !Tasks.empty(); Tasks.pop_front()) {
        try {
          Tasks.front()();
        } catch (const std::exception &) {
        }
      }
    }).detach();
  }

private:
  std::deque<std::function<void()>> Tasks;
};

void useSafeWorker(SafeWorker &W, const std::string &Text) {
  W.start();
  W.post([Text] { parsePort(Text); });
}
