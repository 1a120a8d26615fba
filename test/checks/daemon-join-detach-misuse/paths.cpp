// A database writer that decides at run time how its thread ends.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c++17

#include <stdexcept>
#include <thread>

void commitBatch();
bool shouldDetach();

void joinAfterConditionalDetach(bool Background) {
  std::thread Writer(commitBatch);
  if (Background)
    Writer.detach();
  Writer.join();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'join' on thread 'Writer', which may already have been detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: thread 'Writer' detached here
}

void joinInLoop(int Batches) {
  std::thread Writer(commitBatch);
  for (int I = 0; I < Batches; ++I)
    Writer.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Writer', which may already have been joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: thread 'Writer' joined here
}

void flagChangedInBetween(bool Background) {
  std::thread Writer(commitBatch);
  if (Background)
    Writer.detach();
  Background = false;
  if (!Background)
    Writer.join();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'join' on thread 'Writer', which may already have been detached; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:12: note: thread 'Writer' detached here
}

// Near miss: the same flag decides both calls.
void correlatedFlag(bool Background) {
  std::thread Writer(commitBatch);
  if (Background)
    Writer.detach();
  if (!Background)
    Writer.join();
}

// Near miss: the same condition, even through a call, is assumed stable.
void correlatedCall() {
  std::thread Writer(commitBatch);
  if (shouldDetach())
    Writer.detach();
  else
    Writer.join();
}

// Near miss: guarded by joinable().
void guarded(bool Background) {
  std::thread Writer(commitBatch);
  if (Background)
    Writer.detach();
  if (Writer.joinable())
    Writer.join();
}

// Near miss: an early return leaves the second call unreachable on the
// detaching path.
void earlyReturn(bool Background) {
  std::thread Writer(commitBatch);
  if (Background) {
    Writer.detach();
    return;
  }
  Writer.join();
}

// Near miss: exception edges are not modelled, so the handler is not
// analysed at all; nothing may be reported in it.
void joinOrDetachOnFailure() {
  std::thread Writer(commitBatch);
  try {
    Writer.join();
  } catch (const std::exception &) {
    Writer.detach();
  }
}

// Near miss: a loop that stops after the first join.
void joinOnce(int Batches) {
  std::thread Writer(commitBatch);
  for (int I = 0; I < Batches; ++I) {
    if (Writer.joinable()) {
      Writer.join();
      break;
    }
  }
}
