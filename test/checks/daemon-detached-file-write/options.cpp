// SpawnerFunctions names a spawner whose body is not visible;
// FileWriteFunctions adds a writing API.
// RUN: %check_daemon %s daemon-detached-file-write %t \
// RUN:   --tidy-arg="--config={CheckOptions: {daemon-detached-file-write.SpawnerFunctions: 'tasks::post:1', daemon-detached-file-write.FileWriteFunctions: 'kv::Store::persist;writeBlob'}}" \
// RUN:   -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t \
// RUN:   --tidy-arg="--config={CheckOptions: {daemon-detached-file-write.SpawnerFunctions: 'tasks::post:1', daemon-detached-file-write.FileWriteFunctions: 'kv::Store::persist;writeBlob'}}" \
// RUN:   -- -std=c++17
// Without the options, the same code is silent:
// RUN: %daemon-tidy --checks='-*,daemon-detached-file-write' %s -- -std=c++17 %stdlib-flags \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --allow-empty
// DEFAULT-NOT: warning:

#include <thread>

namespace tasks {
enum class Priority { Low, High };
// Runs Fn on a pool thread that nobody waits for (defined elsewhere).
void post(Priority P, void (*Fn)());
} // namespace tasks

namespace kv {
struct Store {
  void persist(const char *Key);
};
} // namespace kv
void writeBlob(const void *Data, unsigned Size);

kv::Store Settings;
void saveSettings() { Settings.persist("theme"); }
void dumpCache() { writeBlob("cache", 5); }

void schedule() {
  tasks::post(tasks::Priority::Low, saveSettings);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread running 'saveSettings' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-6]]:32: note: 'saveSettings' writes to a file through 'persist' here
  std::thread(dumpCache).detach();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: detached thread running 'dumpCache' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-8]]:20: note: 'dumpCache' writes to a file through 'writeBlob' here
}
