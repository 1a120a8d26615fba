// Classes that hold a FILE * member: the member's origins are every
// assignment of it in the class's own code. A stream opened read-only
// everywhere is not written when its destructor closes it.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17

#include <cstdio>
#include <thread>

// Read-only in every constructor and assignment: no reliance on cleanup.
class ConfigReader {
public:
  explicit ConfigReader(const char *Path) : File_(std::fopen(Path, "rb")) {}
  ~ConfigReader() {
    if (File_)
      std::fclose(File_);
  }
  void reopen(const char *Path) {
    if (File_)
      std::fclose(File_);
    File_ = std::fopen(Path, "r");
  }
  int next() { return File_ ? std::fgetc(File_) : EOF; }

private:
  std::FILE *File_ = nullptr;
};

void readConfigInBackground() {
  std::thread([] {
    ConfigReader Reader("app.conf");
    Reader.next();
  }).detach();
}

// Opened for appending: closing it flushes what was written.
class JournalWriter {
public:
  explicit JournalWriter(const char *Path) : File_(std::fopen(Path, "ab")) {}
  ~JournalWriter() { std::fclose(File_); }
  void add(const char *Line) { std::fputs(Line, File_); }

private:
  std::FILE *File_;
};

void journalInBackground() {
  std::thread([] {
    JournalWriter Journal("journal.log");
    Journal.add("started");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:19: note: the lambda calls 'JournalWriter::~JournalWriter' to destroy 'Journal'
  // CHECK-NOTES: :[[@LINE-15]]:22: note: 'JournalWriter::~JournalWriter' writes to a file through 'fclose' here (and 1 more file write)
}

// Read-only in one place, a caller's mode in another: as if writable.
class Reopenable {
public:
  explicit Reopenable(const char *Path) : File_(std::fopen(Path, "rb")) {}
  ~Reopenable() { std::fclose(File_); }
  void reopen(const char *Path, const char *Mode) {
    std::fclose(File_);
    File_ = std::fopen(Path, Mode);
  }

private:
  std::FILE *File_;
};

void reopenInBackground() {
  std::thread([] {
    Reopenable Stream("data.bin");
    Stream.reopen("data.bin", "r+");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:16: note: the lambda calls 'Reopenable::~Reopenable' to destroy 'Stream'
  // CHECK-NOTES: :[[@LINE-18]]:19: note: 'Reopenable::~Reopenable' writes to a file through 'fclose' here (and 1 more file write)
}

// A public member may be set anywhere: as if writable.
struct OpenFile {
  ~OpenFile() { std::fclose(File); }
  std::FILE *File = nullptr;
};

void openInBackground() {
  std::thread([] {
    OpenFile Input;
    Input.File = std::fopen("input.txt", "r");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:14: note: the lambda calls 'OpenFile::~OpenFile' to destroy 'Input'
  // CHECK-NOTES: :[[@LINE-12]]:17: note: 'OpenFile::~OpenFile' writes to a file through 'fclose' here
}
