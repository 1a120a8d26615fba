// A pthread entry written in C++: an exception leaving it terminates the
// process just the same.
// RUN: %check_daemon %s daemon-thread-exception-escape %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-thread-exception-escape %t -- -std=c++17

#include <pthread.h>
#include <stdexcept>
#include <string>

struct Request {
  std::string Body;
};

static void validate(const Request &R) {
  if (R.Body.empty())
    throw std::invalid_argument("empty request");
}

extern "C" void *serveRequest(void *Arg) {
  validate(*static_cast<Request *>(Arg));
  return nullptr;
}

void serve(Request *R) {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, serveRequest, R);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: exception thrown in the thread running 'serveRequest' is not caught; it escapes the entry and calls std::terminate [daemon-thread-exception-escape]
  // CHECK-NOTES: :[[@LINE-8]]:3: note: 'serveRequest' calls 'validate'
  // CHECK-NOTES: :[[@LINE-13]]:5: note: 'validate' throws 'std::invalid_argument' here
  pthread_join(Tid, nullptr);
}

// The same entry, with every exception turned into a result.
extern "C" void *serveRequestSafely(void *Arg) {
  try {
    validate(*static_cast<Request *>(Arg));
  } catch (...) {
    return Arg;
  }
  return nullptr;
}

void serveSafely(Request *R) {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, serveRequestSafely, R);
  pthread_join(Tid, nullptr);
}
