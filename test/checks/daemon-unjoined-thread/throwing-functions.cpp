// A schema loader declared in a header only: ThrowingFunctions (shared with
// daemon-thread-exception-escape) says it can throw.
// RUN: %check_daemon %s daemon-unjoined-thread %t \
// RUN:   --tidy-arg="--config={CheckOptions: {daemon-unjoined-thread.ThrowingFunctions: 'schema::load'}}" \
// RUN:   -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t \
// RUN:   --tidy-arg="--config={CheckOptions: {ThrowingFunctions: 'schema::load'}}" \
// RUN:   -- -std=c++17

#include <thread>

namespace schema {
void load(const char *Path);
void validate();
} // namespace schema

void prefetch();

void loadListed() {
  std::thread Prefetcher(prefetch);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: if 'load' throws, 'Prefetcher' is destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: 'load' can throw here
  schema::load("app.schema");
  Prefetcher.join();
}

// Near miss: not listed, no visible body.
void validateOnly() {
  std::thread Prefetcher(prefetch);
  schema::validate();
  Prefetcher.join();
}
