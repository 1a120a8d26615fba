// Log rotation that compresses old logs through Boost.Process children
// started from detached threads.
// Boost 1.74 still uses std::unary_function, which libc++ removes in C++17
// unless asked to keep it.
// RUN: %check_daemon %s daemon-detached-subprocess %t -- -std=c++17 -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION
// RUN: %check_daemon --front-end plugin %s daemon-detached-subprocess %t -- -std=c++17 -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION

#include <boost/process.hpp>
#include <string>
#include <thread>

namespace bp = boost::process;

void compress(const std::string &Path) {
  bp::child Gzip("gzip -9 " + Path);
  Gzip.wait();
}

void syncDisks() { bp::system("sync"); }

void rotate() {
  std::thread(compress, "/var/log/app.log.1").detach();
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: detached thread running 'compress' runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
  // CHECK-NOTES: :[[@LINE-9]]:13: note: 'compress' runs a subprocess through 'child' here
  std::thread(syncDisks).detach();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: detached thread running 'syncDisks' runs a subprocess; its result can never be seen, and the child may be left orphaned if the process exits first [daemon-detached-subprocess]
  // CHECK-NOTES: :[[@LINE-8]]:20: note: 'syncDisks' runs a subprocess through 'system' here
}

// Near miss: the child is waited for by a joined thread.
void rotateAndWait() {
  std::thread T(compress, "/var/log/app.log.2");
  T.join();
}
