// std::jthread and boost::thread detached the same way (boost::thread's
// interface is declared here; the test only parses).
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++20 -fexperimental-library -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++20 -fexperimental-library -I%S/Inputs

#include "state_store.h"
#include <thread>
#include <utility>

namespace boost {
class thread {
public:
  template <typename F> explicit thread(F Fn);
  void join();
  void detach();
};
} // namespace boost

void saveIndex() { saveState("index.db", "terms"); }

void detachJThread() {
  std::jthread Indexer(saveIndex);
  Indexer.detach();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: detached thread running 'saveIndex' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-7]]:20: note: 'saveIndex' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void detachBoostThread() {
  boost::thread Indexer(saveIndex);
  Indexer.detach();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: detached thread running 'saveIndex' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-16]]:20: note: 'saveIndex' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// A thread moved to another variable and detached there.
void detachAfterMove() {
  std::thread Indexer(saveIndex);
  std::thread Owner = std::move(Indexer);
  Owner.detach();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: detached thread running 'saveIndex' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-27]]:20: note: 'saveIndex' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// Near miss: a jthread joins when it goes out of scope.
void scopedJThread() { std::jthread Indexer(saveIndex); }
