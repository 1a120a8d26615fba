// In C++20 the fix declares the thread a std::jthread, which joins when it
// is destroyed, where that keeps the code's meaning. (libc++ 19 ships
// std::jthread behind -fexperimental-library; the flag is harmless
// elsewhere.)
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++20 -fexperimental-library
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++20 -fexperimental-library

#include <thread>
#include <utility>
#include <vector>

void upload();
bool offline();
void adopt(std::thread T);

void sync() {
  std::thread Uploader(upload);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'Uploader' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+3]]:5: note: 'Uploader' is destroyed here while joinable
  // CHECK-FIXES: {{^}}  std::jthread Uploader(upload);{{$}}
  if (offline())
    return;
  Uploader.join();
}

class Syncer {
public:
  Syncer() : Uploader_(upload) {}
  ~Syncer() {}

private:
  int Retries_ = 0;
  std::thread Uploader_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Uploader_' may be destroyed while joinable when 'Syncer' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-7]]:14: note: 'Uploader_' is started here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'Syncer::~Syncer' does not join or detach 'Uploader_'
  // CHECK-FIXES: {{^}}  std::jthread Uploader_;{{$}}
};

// No fix: detached on one path, so it relies on not being joined.
void syncOrDetach(bool Background) {
  std::thread Uploader(upload);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'Uploader' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+4]]:1: note: 'Uploader' is destroyed here while joinable
  // CHECK-FIXES: {{^}}  std::thread Uploader(upload);{{$}}
  if (Background)
    Uploader.detach();
}

// No fix: handed on as a std::thread on another path.
void syncOrAdopt(bool Adopt) {
  std::thread Uploader(upload);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'Uploader' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+4]]:1: note: 'Uploader' is destroyed here while joinable
  // CHECK-FIXES: {{^}}  std::thread Uploader(upload);{{$}}
  if (Adopt)
    adopt(std::move(Uploader));
}

// No fix: a member declared before others the thread may still use when
// a std::jthread would join it.
class Mirror {
public:
  void start() { Copier_ = std::thread(upload); }

private:
  std::thread Copier_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: member thread 'Copier_' may be destroyed while joinable when 'Mirror' is destroyed, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE-5]]:28: note: 'Copier_' is started here
  // CHECK-NOTES: :[[@LINE-8]]:7: note: the implicit destructor of 'Mirror' does not join or detach 'Copier_'
  // CHECK-FIXES: {{^}}  std::thread Copier_;{{$}}
  std::vector<int> Pending_;
};
