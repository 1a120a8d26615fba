// Writes reached through calls, destructors, operators, recursion and
// templates.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

#include "state_store.h"
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

// A temp file that removes itself: a destructor with an effect.
class TempFile {
public:
  explicit TempFile(std::string Path) : Path(std::move(Path)) {}
  ~TempFile() { std::remove(Path.c_str()); }

private:
  std::string Path;
};

void useScratchSpace() { TempFile Scratch("/tmp/scratch"); }

void destructorChain() { std::thread(useScratchSpace).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:55: warning: detached thread running 'useScratchSpace' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-4]]:35: note: 'useScratchSpace' calls 'TempFile::~TempFile' to destroy 'Scratch'
// CHECK-NOTES: :[[@LINE-11]]:17: note: 'TempFile::~TempFile' writes to a file through 'remove' here

// std::ofstream flushes and closes in its destructor.
void appendLine() {
  std::ofstream Log("audit.log", std::ios::app);
  Log << "request served\n";
}

void streamChain() { std::thread(appendLine).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:46: warning: detached thread running 'appendLine' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-5]]:7: note: 'appendLine' writes to a file through 'operator<<' here (and 1 more file write)

// A unique_ptr that closes a FILE*.
void withOwnedFile() {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> File(
      std::fopen("owned.txt", "a"), &std::fclose);
}

void deleterChain() { std::thread(withOwnedFile).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:50: warning: detached thread running 'withOwnedFile' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-6]]:54: note: 'withOwnedFile' writes to a file when 'File' is destroyed

// An operator that writes.
struct Record {
  int Id;
};
std::FILE *&operator<<(std::FILE *&Out, const Record &R) {
  std::fprintf(Out, "%d\n", R.Id);
  return Out;
}
void writeRecord(std::FILE *Out) { Out << Record{42}; }

void operatorChain(std::FILE *Out) { std::thread(writeRecord, Out).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:68: warning: detached thread running 'writeRecord' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-4]]:40: note: 'writeRecord' calls 'operator<<'
// CHECK-NOTES: :[[@LINE-8]]:3: note: 'operator<<' writes to a file through 'fprintf' here

// Recursion: the cycle is followed once.
void walk(int Depth) {
  if (Depth == 0) {
    saveState("leaf.bin", "leaf");
    return;
  }
  walk(Depth - 1);
}

void recursionChain() { std::thread(walk, 3).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:46: warning: detached thread running 'walk' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-8]]:5: note: 'walk' calls 'saveState'
// CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)

// A template instantiated with a writing policy.
struct DiskPolicy {
  static void store() { saveState("policy.bin", "disk"); }
};
template <typename Policy> void persistWith() { Policy::store(); }

void templateChain() { std::thread(persistWith<DiskPolicy>).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:61: warning: detached thread running 'persistWith' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-4]]:49: note: 'persistWith' calls 'DiskPolicy::store'
// CHECK-NOTES: :[[@LINE-7]]:25: note: 'DiskPolicy::store' calls 'saveState'
// CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)

// Near miss: the same template with an in-memory policy.
struct MemoryPolicy {
  static void store() {}
};
void memoryTemplate() { std::thread(persistWith<MemoryPolicy>).detach(); }

// A virtual call with a final implementation.
struct Sink {
  virtual void flush() = 0;
  virtual ~Sink() = default;
};
struct FileSink final : Sink {
  void flush() override { saveState("sink.bin", "data"); }
};
void flushSink(FileSink &S) { S.flush(); }
void virtualChain(FileSink &S) {
  std::thread(flushSink, std::ref(S)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:39: warning: detached thread running 'flushSink' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-4]]:33: note: 'flushSink' calls 'FileSink::flush'
  // CHECK-NOTES: :[[@LINE-7]]:27: note: 'FileSink::flush' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// Near miss: a virtual call whose target is unknown.
void flushAny(Sink &S) { S.flush(); }
void unknownVirtual(Sink &S) { std::thread(flushAny, std::ref(S)).detach(); }
