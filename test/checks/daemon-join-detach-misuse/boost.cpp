// A metrics exporter on boost::thread: the same rules as std::thread.
// REQUIRES: boost
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++14
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++14

#include <boost/thread/thread.hpp>
#include <utility>

void exportMetrics();

void joinAfterDetach() {
  boost::thread Exporter(exportMetrics);
  Exporter.detach();
  Exporter.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Exporter', which was already detached; this breaks the precondition of 'boost::thread::join' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: thread 'Exporter' detached here
}

void detachTwice(bool Background) {
  boost::thread Exporter(exportMetrics);
  if (Background)
    Exporter.detach();
  Exporter.detach();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'detach' on thread 'Exporter', which may already have been detached; this breaks the precondition of 'boost::thread::detach' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: thread 'Exporter' detached here
}

void joinMovedFrom() {
  boost::thread Exporter(exportMetrics);
  boost::thread Owner(std::move(Exporter));
  Owner.join();
  Exporter.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Exporter', which was moved from; this breaks the precondition of 'boost::thread::join' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-4]]:23: note: thread 'Exporter' moved from here
}

// Near miss: guarded by joinable().
void guarded(bool Background) {
  boost::thread Exporter(exportMetrics);
  if (Background)
    Exporter.detach();
  if (Exporter.joinable())
    Exporter.join();
}

// Near miss: interrupting does not end the thread object's ownership.
void interruptThenJoin() {
  boost::thread Exporter(exportMetrics);
  Exporter.interrupt();
  Exporter.join();
}

// Near miss: a timed join may or may not have joined.
void timedJoinThenJoin() {
  boost::thread Exporter(exportMetrics);
  if (!Exporter.try_join_for(boost::chrono::seconds(1)))
    Exporter.join();
}
