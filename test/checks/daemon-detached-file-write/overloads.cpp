// Effect APIs are matched by their declaration, not only their name: the
// algorithms and a program's own functions that share a name with a file
// API are not file writes.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <list>
#include <string>
#include <thread>
#include <vector>

struct Buffer {
  std::vector<char> Bytes;
};
struct Node {
  std::string Name;
};

// The program's own functions named like POSIX and C file APIs.
void write(Buffer &Out, char C) { Out.Bytes.push_back(C); }
void remove(Node *N) { N->Name.clear(); }
void rename(Node *N, const char *Name) { N->Name = Name; }
int unlink(Node &N) { return static_cast<int>(N.Name.size()); }
namespace backup {
void copy(const std::filesystem::path &, const std::filesystem::path &) {}
} // namespace backup

void dropZeros(std::vector<int> &Samples) {
  Samples.erase(std::remove(Samples.begin(), Samples.end(), 0), Samples.end());
}

void compactInBackground(std::vector<int> &Samples) {
  std::thread([&Samples] { dropZeros(Samples); }).detach();
}

void rebuildInBackground(Buffer &Out, Node &N) {
  std::thread([&] {
    write(Out, 'x');
    remove(&N);
    rename(&N, "fresh");
    unlink(N);
    backup::copy("a", "b");
  }).detach();
}

void copyInBackground(const std::vector<int> &From, std::vector<int> &To) {
  std::thread([&] { std::copy(From.begin(), From.end(), To.begin()); })
      .detach();
}

void pruneInBackground(std::list<int> &Queue) {
  std::thread([&Queue] { Queue.remove(0); }).detach();
}

// The real ones still count.
void removeLockInBackground() {
  std::thread([] { std::remove("journal.lock"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: detached thread running the lambda at overloads.cpp:60 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: the lambda at overloads.cpp:60 writes to a file through 'remove' here
}

void renameInBackground() {
  std::thread([] { std::rename("a.tmp", "a"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: detached thread running the lambda at overloads.cpp:66 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: the lambda at overloads.cpp:66 writes to a file through 'rename' here
}

void copyFileInBackground() {
  std::thread([] { std::filesystem::copy("a", "b"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:56: warning: detached thread running the lambda at overloads.cpp:72 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: the lambda at overloads.cpp:72 writes to a file through 'copy' here
}
