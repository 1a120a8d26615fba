// Classes that hold a FILE * member, for the tests of
// daemon-detached-file-write and daemon-detached-raii-cleanup.
#ifndef MEMBER_STREAMS_H
#define MEMBER_STREAMS_H

#include <cstdio>

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

// Opened for appending: closing it flushes what was written.
class JournalWriter {
public:
  explicit JournalWriter(const char *Path) : File_(std::fopen(Path, "ab")) {}
  ~JournalWriter() { std::fclose(File_); }
  void add(const char *Line) { std::fputs(Line, File_); }

private:
  std::FILE *File_;
};

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

// A public member may be set anywhere: as if writable.
struct OpenFile {
  ~OpenFile() { std::fclose(File); }
  std::FILE *File = nullptr;
};

#endif
