// The environment layer of a small log-structured storage engine, in the
// manner of LevelDB's env_posix: files through POSIX calls (pread, write,
// fsync, rename, fcntl locks, mmap), an info logger on a FILE*, a
// background work queue served by one detached thread, and the engine's
// write-ahead log, memtable flush and compaction scheduled on it; a
// pthread that periodically dumps statistics to the info log.
//
// Written for bench/run.py as a real-code input. What daemon-tidy reports
// here is real: flushes, compactions and the statistics dumps run on
// threads nobody waits for, so a process that exits while they run leaves
// partial files behind (recovery has to cope with that).
#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <condition_variable>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

namespace store {

// ---------------------------------------------------------------------------
// Status and Slice

class Status {
public:
  enum Code { kOk = 0, kNotFound, kCorruption, kIOError, kInvalidArgument };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(const std::string &Msg) {
    return Status(kNotFound, Msg);
  }
  static Status Corruption(const std::string &Msg) {
    return Status(kCorruption, Msg);
  }
  static Status IOError(const std::string &Context, int Errno) {
    return Status(kIOError, Context + ": " + std::strerror(Errno));
  }
  static Status InvalidArgument(const std::string &Msg) {
    return Status(kInvalidArgument, Msg);
  }

  bool ok() const { return Kind == kOk; }
  bool IsNotFound() const { return Kind == kNotFound; }
  bool IsCorruption() const { return Kind == kCorruption; }
  Code code() const { return Kind; }

  std::string ToString() const {
    static const char *const Names[] = {"OK", "NotFound: ", "Corruption: ",
                                        "IO error: ", "Invalid argument: "};
    if (Kind == kOk)
      return "OK";
    return Names[Kind] + Message;
  }

private:
  Status(Code C, std::string Msg) : Kind(C), Message(std::move(Msg)) {}
  Code Kind = kOk;
  std::string Message;
};

class Slice {
public:
  Slice() = default;
  Slice(const char *D, std::size_t N) : Data(D), Size(N) {}
  Slice(const std::string &S) : Data(S.data()), Size(S.size()) {}
  Slice(const char *S) : Data(S), Size(std::strlen(S)) {}

  const char *data() const { return Data; }
  std::size_t size() const { return Size; }
  bool empty() const { return Size == 0; }
  char operator[](std::size_t I) const { return Data[I]; }
  void remove_prefix(std::size_t N) {
    assert(N <= Size);
    Data += N;
    Size -= N;
  }
  std::string ToString() const { return std::string(Data, Size); }
  int compare(const Slice &B) const {
    std::size_t Min = std::min(Size, B.Size);
    int R = std::memcmp(Data, B.Data, Min);
    if (R == 0)
      R = Size < B.Size ? -1 : Size > B.Size ? 1 : 0;
    return R;
  }

private:
  const char *Data = "";
  std::size_t Size = 0;
};

// ---------------------------------------------------------------------------
// Encoding

static void EncodeFixed32(char *Buf, uint32_t Value) {
  for (int I = 0; I < 4; ++I)
    Buf[I] = static_cast<char>((Value >> (8 * I)) & 0xff);
}

static uint32_t DecodeFixed32(const char *Ptr) {
  uint32_t Value = 0;
  for (int I = 0; I < 4; ++I)
    Value |= static_cast<uint32_t>(static_cast<unsigned char>(Ptr[I]))
             << (8 * I);
  return Value;
}

static void PutVarint32(std::string *Dst, uint32_t V) {
  while (V >= 0x80) {
    Dst->push_back(static_cast<char>(V | 0x80));
    V >>= 7;
  }
  Dst->push_back(static_cast<char>(V));
}

static bool GetVarint32(Slice *Input, uint32_t *Value) {
  uint32_t Result = 0;
  for (uint32_t Shift = 0; Shift <= 28 && !Input->empty(); Shift += 7) {
    uint32_t Byte = static_cast<unsigned char>((*Input)[0]);
    Input->remove_prefix(1);
    Result |= (Byte & 0x7f) << Shift;
    if ((Byte & 0x80) == 0) {
      *Value = Result;
      return true;
    }
  }
  return false;
}

static void PutLengthPrefixedSlice(std::string *Dst, const Slice &Value) {
  PutVarint32(Dst, static_cast<uint32_t>(Value.size()));
  Dst->append(Value.data(), Value.size());
}

static bool GetLengthPrefixedSlice(Slice *Input, Slice *Result) {
  uint32_t Len = 0;
  if (!GetVarint32(Input, &Len) || Input->size() < Len)
    return false;
  *Result = Slice(Input->data(), Len);
  Input->remove_prefix(Len);
  return true;
}

// CRC-32C (Castagnoli), table-driven.
class Crc32c {
public:
  Crc32c() {
    for (uint32_t I = 0; I < 256; ++I) {
      uint32_t C = I;
      for (int K = 0; K < 8; ++K)
        C = (C & 1) ? (C >> 1) ^ 0x82f63b78u : C >> 1;
      Table[I] = C;
    }
  }
  uint32_t Extend(uint32_t Crc, const char *Data, std::size_t N) const {
    Crc = ~Crc;
    for (std::size_t I = 0; I < N; ++I)
      Crc = Table[(Crc ^ static_cast<unsigned char>(Data[I])) & 0xff] ^
            (Crc >> 8);
    return ~Crc;
  }
  static uint32_t Mask(uint32_t Crc) {
    return ((Crc >> 15) | (Crc << 17)) + 0xa282ead8u;
  }

private:
  uint32_t Table[256];
};

static const Crc32c &crc() {
  static const Crc32c Instance;
  return Instance;
}

// ---------------------------------------------------------------------------
// Files

class SequentialFile {
public:
  virtual ~SequentialFile() = default;
  virtual Status Read(std::size_t N, Slice *Result, char *Scratch) = 0;
  virtual Status Skip(uint64_t N) = 0;
};

class RandomAccessFile {
public:
  virtual ~RandomAccessFile() = default;
  virtual Status Read(uint64_t Offset, std::size_t N, Slice *Result,
                      char *Scratch) const = 0;
};

class WritableFile {
public:
  virtual ~WritableFile() = default;
  virtual Status Append(const Slice &Data) = 0;
  virtual Status Close() = 0;
  virtual Status Flush() = 0;
  virtual Status Sync() = 0;
};

class PosixSequentialFile final : public SequentialFile {
public:
  PosixSequentialFile(std::string Name, int Fd)
      : Fd(Fd), Name(std::move(Name)) {}
  ~PosixSequentialFile() override { ::close(Fd); }

  Status Read(std::size_t N, Slice *Result, char *Scratch) override {
    for (;;) {
      ::ssize_t Got = ::read(Fd, Scratch, N);
      if (Got < 0) {
        if (errno == EINTR)
          continue;
        return Status::IOError(Name, errno);
      }
      *Result = Slice(Scratch, static_cast<std::size_t>(Got));
      return Status::OK();
    }
  }

  Status Skip(uint64_t N) override {
    if (::lseek(Fd, static_cast<off_t>(N), SEEK_CUR) == static_cast<off_t>(-1))
      return Status::IOError(Name, errno);
    return Status::OK();
  }

private:
  const int Fd;
  const std::string Name;
};

class PosixRandomAccessFile final : public RandomAccessFile {
public:
  PosixRandomAccessFile(std::string Name, int Fd)
      : Fd(Fd), Name(std::move(Name)) {}
  ~PosixRandomAccessFile() override { ::close(Fd); }

  Status Read(uint64_t Offset, std::size_t N, Slice *Result,
              char *Scratch) const override {
    ::ssize_t Got = ::pread(Fd, Scratch, N, static_cast<off_t>(Offset));
    *Result = Slice(Scratch, Got < 0 ? 0 : static_cast<std::size_t>(Got));
    if (Got < 0)
      return Status::IOError(Name, errno);
    return Status::OK();
  }

private:
  const int Fd;
  const std::string Name;
};

class PosixMmapReadableFile final : public RandomAccessFile {
public:
  PosixMmapReadableFile(std::string Name, char *Base, std::size_t Length)
      : Base(Base), Length(Length), Name(std::move(Name)) {}
  ~PosixMmapReadableFile() override { ::munmap(Base, Length); }

  Status Read(uint64_t Offset, std::size_t N, Slice *Result,
              char *) const override {
    if (Offset + N > Length) {
      *Result = Slice();
      return Status::IOError(Name, EINVAL);
    }
    *Result = Slice(Base + Offset, N);
    return Status::OK();
  }

private:
  char *const Base;
  const std::size_t Length;
  const std::string Name;
};

class PosixWritableFile final : public WritableFile {
public:
  static constexpr std::size_t kBufferSize = 65536;

  PosixWritableFile(std::string Name, int Fd)
      : Fd(Fd), Name(std::move(Name)),
        IsManifest(Basename(this->Name).rfind("MANIFEST", 0) == 0),
        DirName(Dirname(this->Name)) {}

  ~PosixWritableFile() override {
    if (Fd >= 0)
      Close();
  }

  Status Append(const Slice &Data) override {
    const char *P = Data.data();
    std::size_t N = Data.size();
    std::size_t Copy = std::min(N, kBufferSize - Pos);
    std::memcpy(Buf + Pos, P, Copy);
    P += Copy;
    N -= Copy;
    Pos += Copy;
    if (N == 0)
      return Status::OK();
    Status S = FlushBuffer();
    if (!S.ok())
      return S;
    if (N < kBufferSize) {
      std::memcpy(Buf, P, N);
      Pos = N;
      return Status::OK();
    }
    return WriteUnbuffered(P, N);
  }

  Status Close() override {
    Status S = FlushBuffer();
    if (::close(Fd) < 0 && S.ok())
      S = Status::IOError(Name, errno);
    Fd = -1;
    return S;
  }

  Status Flush() override { return FlushBuffer(); }

  Status Sync() override {
    // A new manifest names files whose directory entries must be durable.
    if (IsManifest) {
      Status S = SyncDirectory();
      if (!S.ok())
        return S;
    }
    Status S = FlushBuffer();
    if (!S.ok())
      return S;
    if (::fdatasync(Fd) != 0)
      return Status::IOError(Name, errno);
    return Status::OK();
  }

private:
  Status FlushBuffer() {
    Status S = WriteUnbuffered(Buf, Pos);
    Pos = 0;
    return S;
  }

  Status WriteUnbuffered(const char *Data, std::size_t Size) {
    while (Size > 0) {
      ::ssize_t Done = ::write(Fd, Data, Size);
      if (Done < 0) {
        if (errno == EINTR)
          continue;
        return Status::IOError(Name, errno);
      }
      Data += Done;
      Size -= static_cast<std::size_t>(Done);
    }
    return Status::OK();
  }

  Status SyncDirectory() {
    int DirFd = ::open(DirName.c_str(), O_RDONLY | O_CLOEXEC);
    if (DirFd < 0)
      return Status::IOError(DirName, errno);
    Status S;
    if (::fsync(DirFd) != 0)
      S = Status::IOError(DirName, errno);
    ::close(DirFd);
    return S;
  }

  static std::string Dirname(const std::string &Path) {
    std::size_t Slash = Path.rfind('/');
    return Slash == std::string::npos ? "." : Path.substr(0, Slash);
  }
  static std::string Basename(const std::string &Path) {
    std::size_t Slash = Path.rfind('/');
    return Slash == std::string::npos ? Path : Path.substr(Slash + 1);
  }

  char Buf[kBufferSize];
  std::size_t Pos = 0;
  int Fd;
  const std::string Name;
  const bool IsManifest;
  const std::string DirName;
};

// ---------------------------------------------------------------------------
// Info log

class Logger {
public:
  explicit Logger(std::FILE *F) : File(F) {}
  ~Logger() { std::fclose(File); }

  void Logv(const char *Format, std::va_list Ap) {
    struct ::timeval Now;
    ::gettimeofday(&Now, nullptr);
    struct std::tm Local;
    ::localtime_r(&Now.tv_sec, &Local);
    char Line[1024];
    int Head = std::snprintf(Line, sizeof(Line),
                             "%04d/%02d/%02d-%02d:%02d:%02d.%06ld ",
                             Local.tm_year + 1900, Local.tm_mon + 1,
                             Local.tm_mday, Local.tm_hour, Local.tm_min,
                             Local.tm_sec, static_cast<long>(Now.tv_usec));
    std::va_list Copy;
    va_copy(Copy, Ap);
    int Body = std::vsnprintf(Line + Head, sizeof(Line) - Head - 1, Format,
                              Copy);
    va_end(Copy);
    std::size_t Len = std::min<std::size_t>(Head + std::max(Body, 0),
                                            sizeof(Line) - 2);
    if (Len == 0 || Line[Len - 1] != '\n')
      Line[Len++] = '\n';
    std::lock_guard<std::mutex> Lock(Mutex);
    std::fwrite(Line, 1, Len, File);
    std::fflush(File);
  }

private:
  std::mutex Mutex;
  std::FILE *const File;
};

static void Log(Logger *Info, const char *Format, ...)
    __attribute__((format(printf, 2, 3)));

static void Log(Logger *Info, const char *Format, ...) {
  if (!Info)
    return;
  std::va_list Ap;
  va_start(Ap, Format);
  Info->Logv(Format, Ap);
  va_end(Ap);
}

// ---------------------------------------------------------------------------
// File locks: one process per database directory.

class FileLock {
public:
  FileLock(int Fd, std::string Name) : Fd(Fd), Name(std::move(Name)) {}
  int fd() const { return Fd; }
  const std::string &name() const { return Name; }

private:
  const int Fd;
  const std::string Name;
};

static int LockOrUnlock(int Fd, bool Lock) {
  errno = 0;
  struct ::flock Info;
  std::memset(&Info, 0, sizeof(Info));
  Info.l_type = Lock ? F_WRLCK : F_UNLCK;
  Info.l_whence = SEEK_SET;
  Info.l_start = 0;
  Info.l_len = 0;
  return ::fcntl(Fd, F_SETLK, &Info);
}

// Paths locked by this process: fcntl locks do not exclude a second
// lock from the same process.
class LockTable {
public:
  bool Insert(const std::string &Name) {
    std::lock_guard<std::mutex> L(Mutex);
    return Names.insert(Name).second;
  }
  void Remove(const std::string &Name) {
    std::lock_guard<std::mutex> L(Mutex);
    Names.erase(Name);
  }

private:
  std::mutex Mutex;
  std::set<std::string> Names;
};

// ---------------------------------------------------------------------------
// The environment

class Env {
public:
  Env() : BackgroundStarted(false) {}
  ~Env() {
    // The environment is a process-wide singleton and is never destroyed;
    // see Default().
    std::fprintf(stderr, "store: Env destroyed\n");
    std::abort();
  }

  static Env *Default();

  Status NewSequentialFile(const std::string &Name,
                           std::unique_ptr<SequentialFile> *Result) {
    int Fd = ::open(Name.c_str(), O_RDONLY | O_CLOEXEC);
    if (Fd < 0)
      return Status::IOError(Name, errno);
    Result->reset(new PosixSequentialFile(Name, Fd));
    return Status::OK();
  }

  Status NewRandomAccessFile(const std::string &Name,
                             std::unique_ptr<RandomAccessFile> *Result) {
    int Fd = ::open(Name.c_str(), O_RDONLY | O_CLOEXEC);
    if (Fd < 0)
      return Status::IOError(Name, errno);
    uint64_t Size = 0;
    Status S = GetFileSize(Name, &Size);
    if (S.ok() && MmapSlots.fetch_sub(1) > 0) {
      void *Base = ::mmap(nullptr, Size, PROT_READ, MAP_SHARED, Fd, 0);
      ::close(Fd);
      if (Base == MAP_FAILED) {
        MmapSlots.fetch_add(1);
        return Status::IOError(Name, errno);
      }
      Result->reset(new PosixMmapReadableFile(
          Name, static_cast<char *>(Base), Size));
      return Status::OK();
    }
    MmapSlots.fetch_add(1);
    Result->reset(new PosixRandomAccessFile(Name, Fd));
    return Status::OK();
  }

  Status NewWritableFile(const std::string &Name,
                         std::unique_ptr<WritableFile> *Result) {
    int Fd = ::open(Name.c_str(), O_TRUNC | O_WRONLY | O_CREAT | O_CLOEXEC,
                    0644);
    if (Fd < 0)
      return Status::IOError(Name, errno);
    Result->reset(new PosixWritableFile(Name, Fd));
    return Status::OK();
  }

  Status NewAppendableFile(const std::string &Name,
                           std::unique_ptr<WritableFile> *Result) {
    int Fd = ::open(Name.c_str(), O_APPEND | O_WRONLY | O_CREAT | O_CLOEXEC,
                    0644);
    if (Fd < 0)
      return Status::IOError(Name, errno);
    Result->reset(new PosixWritableFile(Name, Fd));
    return Status::OK();
  }

  bool FileExists(const std::string &Name) {
    return ::access(Name.c_str(), F_OK) == 0;
  }

  Status GetChildren(const std::string &Dir,
                     std::vector<std::string> *Result) {
    Result->clear();
    ::DIR *D = ::opendir(Dir.c_str());
    if (!D)
      return Status::IOError(Dir, errno);
    while (struct ::dirent *Entry = ::readdir(D))
      Result->emplace_back(Entry->d_name);
    ::closedir(D);
    return Status::OK();
  }

  Status RemoveFile(const std::string &Name) {
    if (::unlink(Name.c_str()) != 0)
      return Status::IOError(Name, errno);
    return Status::OK();
  }

  Status CreateDir(const std::string &Name) {
    if (::mkdir(Name.c_str(), 0755) != 0 && errno != EEXIST)
      return Status::IOError(Name, errno);
    return Status::OK();
  }

  Status GetFileSize(const std::string &Name, uint64_t *Size) {
    struct ::stat Info;
    if (::stat(Name.c_str(), &Info) != 0) {
      *Size = 0;
      return Status::IOError(Name, errno);
    }
    *Size = static_cast<uint64_t>(Info.st_size);
    return Status::OK();
  }

  Status RenameFile(const std::string &From, const std::string &To) {
    if (std::rename(From.c_str(), To.c_str()) != 0)
      return Status::IOError(From, errno);
    return Status::OK();
  }

  Status LockFile(const std::string &Name, FileLock **Lock) {
    *Lock = nullptr;
    int Fd = ::open(Name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (Fd < 0)
      return Status::IOError(Name, errno);
    if (!Locks.Insert(Name)) {
      ::close(Fd);
      return Status::IOError("lock " + Name + " already held by process",
                             EBUSY);
    }
    if (LockOrUnlock(Fd, true) == -1) {
      int Saved = errno;
      ::close(Fd);
      Locks.Remove(Name);
      return Status::IOError("lock " + Name, Saved);
    }
    *Lock = new FileLock(Fd, Name);
    return Status::OK();
  }

  Status UnlockFile(FileLock *Lock) {
    std::unique_ptr<FileLock> Owned(Lock);
    if (LockOrUnlock(Lock->fd(), false) == -1)
      return Status::IOError("unlock " + Lock->name(), errno);
    Locks.Remove(Lock->name());
    ::close(Lock->fd());
    return Status::OK();
  }

  Status NewLogger(const std::string &Name, Logger **Result) {
    int Fd = ::open(Name.c_str(), O_APPEND | O_WRONLY | O_CREAT | O_CLOEXEC,
                    0644);
    if (Fd < 0) {
      *Result = nullptr;
      return Status::IOError(Name, errno);
    }
    std::FILE *F = ::fdopen(Fd, "w");
    if (!F) {
      ::close(Fd);
      *Result = nullptr;
      return Status::IOError(Name, errno);
    }
    *Result = new Logger(F);
    return Status::OK();
  }

  uint64_t NowMicros() {
    struct ::timeval Tv;
    ::gettimeofday(&Tv, nullptr);
    return static_cast<uint64_t>(Tv.tv_sec) * 1000000 + Tv.tv_usec;
  }

  void SleepForMicroseconds(int Micros) {
    std::this_thread::sleep_for(std::chrono::microseconds(Micros));
  }

  // Runs Function(Arg) once on the background thread, in the order
  // scheduled. The background thread is started on first use and runs for
  // the life of the process.
  void Schedule(void (*Function)(void *), void *Arg) {
    std::unique_lock<std::mutex> Lock(QueueMutex);
    if (!BackgroundStarted) {
      BackgroundStarted = true;
      std::thread Background(&Env::BackgroundThreadMain, this);
      Background.detach();
    }
    if (Queue.empty())
      QueueReady.notify_one();
    Queue.push({Function, Arg});
  }

  // Starts a thread of its own for Function(Arg); nobody joins it.
  void StartThread(void (*Function)(void *), void *Arg) {
    auto *State = new StartState{Function, Arg};
    pthread_t Thread;
    if (::pthread_create(&Thread, nullptr, &Env::StartThreadWrapper,
                         State) != 0) {
      delete State;
      std::fprintf(stderr, "store: pthread_create failed\n");
      std::abort();
    }
    ::pthread_detach(Thread);
  }

private:
  struct WorkItem {
    void (*Function)(void *);
    void *Arg;
  };
  struct StartState {
    void (*Function)(void *);
    void *Arg;
  };

  static void *StartThreadWrapper(void *Arg) {
    std::unique_ptr<StartState> State(static_cast<StartState *>(Arg));
    State->Function(State->Arg);
    return nullptr;
  }

  void BackgroundThreadMain() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(QueueMutex);
      QueueReady.wait(Lock, [this] { return !Queue.empty(); });
      WorkItem Item = Queue.front();
      Queue.pop();
      Lock.unlock();
      Item.Function(Item.Arg);
    }
  }

  std::mutex QueueMutex;
  std::condition_variable QueueReady;
  bool BackgroundStarted;
  std::queue<WorkItem> Queue;
  LockTable Locks;
  std::atomic<int> MmapSlots{1000};
};

// One Env for the process, never destroyed: background work may still run
// while static destructors do.
Env *Env::Default() {
  alignas(Env) static char Storage[sizeof(Env)];
  static Env *Instance = new (Storage) Env();
  return Instance;
}

// ---------------------------------------------------------------------------
// Write-ahead log: 32 KiB blocks of checksummed records.

namespace wal {

enum RecordType : uint8_t { kZero = 0, kFull, kFirst, kMiddle, kLast };
static constexpr int kBlockSize = 32768;
static constexpr int kHeaderSize = 4 + 2 + 1;

class Writer {
public:
  explicit Writer(WritableFile *Dest) : Dest(Dest) {}

  Status AddRecord(const Slice &Record) {
    const char *Ptr = Record.data();
    std::size_t Left = Record.size();
    bool Begin = true;
    Status S;
    do {
      int Leftover = kBlockSize - BlockOffset;
      if (Leftover < kHeaderSize) {
        if (Leftover > 0) {
          static const char Zeroes[kHeaderSize] = {};
          S = Dest->Append(Slice(Zeroes, static_cast<std::size_t>(Leftover)));
        }
        BlockOffset = 0;
      }
      std::size_t Avail = kBlockSize - BlockOffset - kHeaderSize;
      std::size_t Fragment = std::min(Left, Avail);
      bool End = Left == Fragment;
      RecordType Type = Begin && End ? kFull
                        : Begin      ? kFirst
                        : End        ? kLast
                                     : kMiddle;
      S = Emit(Type, Ptr, Fragment);
      Ptr += Fragment;
      Left -= Fragment;
      Begin = false;
    } while (S.ok() && Left > 0);
    return S;
  }

private:
  Status Emit(RecordType Type, const char *Ptr, std::size_t Length) {
    char Buf[kHeaderSize];
    Buf[4] = static_cast<char>(Length & 0xff);
    Buf[5] = static_cast<char>(Length >> 8);
    Buf[6] = static_cast<char>(Type);
    char TypeByte = static_cast<char>(Type);
    uint32_t Crc = crc().Extend(0, &TypeByte, 1);
    Crc = Crc32c::Mask(crc().Extend(Crc, Ptr, Length));
    EncodeFixed32(Buf, Crc);
    Status S = Dest->Append(Slice(Buf, kHeaderSize));
    if (S.ok())
      S = Dest->Append(Slice(Ptr, Length));
    if (S.ok())
      S = Dest->Flush();
    BlockOffset += kHeaderSize + static_cast<int>(Length);
    return S;
  }

  WritableFile *Dest;
  int BlockOffset = 0;
};

class Reader {
public:
  explicit Reader(SequentialFile *File) : File(File) {}

  bool ReadRecord(std::string *Record) {
    Record->clear();
    bool InFragmented = false;
    for (;;) {
      Slice Fragment;
      int Type = ReadPhysical(&Fragment);
      switch (Type) {
      case kFull:
        Record->assign(Fragment.data(), Fragment.size());
        return true;
      case kFirst:
        Record->assign(Fragment.data(), Fragment.size());
        InFragmented = true;
        break;
      case kMiddle:
        if (InFragmented)
          Record->append(Fragment.data(), Fragment.size());
        break;
      case kLast:
        if (InFragmented) {
          Record->append(Fragment.data(), Fragment.size());
          return true;
        }
        break;
      default:
        return false;
      }
    }
  }

private:
  int ReadPhysical(Slice *Result) {
    for (;;) {
      if (Buffer.size() < static_cast<std::size_t>(kHeaderSize)) {
        if (Eof)
          return -1;
        Status S = File->Read(kBlockSize, &Buffer, Backing.get());
        if (!S.ok() || Buffer.size() < static_cast<std::size_t>(kBlockSize))
          Eof = true;
        if (!S.ok())
          return -1;
        continue;
      }
      const char *Header = Buffer.data();
      uint32_t Length = static_cast<unsigned char>(Header[4]) |
                        (static_cast<unsigned char>(Header[5]) << 8);
      int Type = static_cast<unsigned char>(Header[6]);
      if (kHeaderSize + Length > Buffer.size())
        return -1;
      uint32_t Expected = DecodeFixed32(Header);
      char TypeByte = static_cast<char>(Type);
      uint32_t Actual = crc().Extend(0, &TypeByte, 1);
      Actual = Crc32c::Mask(crc().Extend(Actual, Header + kHeaderSize, Length));
      if (Actual != Expected)
        return -1;
      *Result = Slice(Header + kHeaderSize, Length);
      Buffer.remove_prefix(kHeaderSize + Length);
      return Type;
    }
  }

  SequentialFile *File;
  std::unique_ptr<char[]> Backing{new char[kBlockSize]};
  Slice Buffer;
  bool Eof = false;
};

} // namespace wal

// ---------------------------------------------------------------------------
// Memtable and tables

using SequenceNumber = uint64_t;

class MemTable {
public:
  void Add(SequenceNumber Seq, bool Deletion, const Slice &Key,
           const Slice &Value) {
    Entry &E = Map[Key.ToString()];
    E.Seq = Seq;
    E.Deleted = Deletion;
    E.Value = Value.ToString();
    Bytes += Key.size() + Value.size() + 16;
  }

  bool Get(const Slice &Key, std::string *Value, Status *S) const {
    auto It = Map.find(Key.ToString());
    if (It == Map.end())
      return false;
    if (It->second.Deleted)
      *S = Status::NotFound(Key.ToString());
    else
      *Value = It->second.Value;
    return true;
  }

  std::size_t ApproximateMemoryUsage() const { return Bytes; }

  struct Entry {
    SequenceNumber Seq = 0;
    bool Deleted = false;
    std::string Value;
  };
  const std::map<std::string, Entry> &entries() const { return Map; }

private:
  std::map<std::string, Entry> Map;
  std::size_t Bytes = 0;
};

struct FileMetaData {
  uint64_t Number = 0;
  uint64_t Size = 0;
  std::string Smallest;
  std::string Largest;
  int Level = 0;
};

static std::string TableFileName(const std::string &Db, uint64_t Number) {
  char Buf[64];
  std::snprintf(Buf, sizeof(Buf), "/%06llu.sst",
                static_cast<unsigned long long>(Number));
  return Db + Buf;
}

static std::string LogFileName(const std::string &Db, uint64_t Number) {
  char Buf[64];
  std::snprintf(Buf, sizeof(Buf), "/%06llu.log",
                static_cast<unsigned long long>(Number));
  return Db + Buf;
}

static std::string TempFileName(const std::string &Db, uint64_t Number) {
  char Buf[64];
  std::snprintf(Buf, sizeof(Buf), "/%06llu.dbtmp",
                static_cast<unsigned long long>(Number));
  return Db + Buf;
}

// Writes sorted key/value pairs into 4 KiB blocks, then an index block
// and a footer.
class TableBuilder {
public:
  explicit TableBuilder(WritableFile *File) : File(File) {}

  void Add(const Slice &Key, const Slice &Value, bool Deleted) {
    if (!Status_.ok())
      return;
    if (Entries == 0)
      Smallest = Key.ToString();
    Largest = Key.ToString();
    PutLengthPrefixedSlice(&Block, Key);
    Block.push_back(Deleted ? 1 : 0);
    PutLengthPrefixedSlice(&Block, Value);
    ++Entries;
    if (Block.size() >= 4096)
      FlushBlock();
  }

  Status Finish() {
    FlushBlock();
    if (!Status_.ok())
      return Status_;
    uint64_t IndexOffset = Offset;
    Status_ = File->Append(Index);
    Offset += Index.size();
    char Footer[16];
    EncodeFixed32(Footer, static_cast<uint32_t>(IndexOffset));
    EncodeFixed32(Footer + 4, static_cast<uint32_t>(Index.size()));
    EncodeFixed32(Footer + 8, static_cast<uint32_t>(Entries));
    EncodeFixed32(Footer + 12, 0xdb4775f8u);
    if (Status_.ok())
      Status_ = File->Append(Slice(Footer, sizeof(Footer)));
    Offset += sizeof(Footer);
    return Status_;
  }

  uint64_t FileSize() const { return Offset; }
  const std::string &smallest() const { return Smallest; }
  const std::string &largest() const { return Largest; }
  uint64_t NumEntries() const { return Entries; }

private:
  void FlushBlock() {
    if (Block.empty() || !Status_.ok())
      return;
    uint32_t Crc = Crc32c::Mask(crc().Extend(0, Block.data(), Block.size()));
    char Trailer[4];
    EncodeFixed32(Trailer, Crc);
    Status_ = File->Append(Block);
    if (Status_.ok())
      Status_ = File->Append(Slice(Trailer, 4));
    PutLengthPrefixedSlice(&Index, Largest);
    PutVarint32(&Index, static_cast<uint32_t>(Offset));
    PutVarint32(&Index, static_cast<uint32_t>(Block.size() + 4));
    Offset += Block.size() + 4;
    Block.clear();
  }

  WritableFile *File;
  Status Status_;
  std::string Block;
  std::string Index;
  std::string Smallest;
  std::string Largest;
  uint64_t Offset = 0;
  uint64_t Entries = 0;
};

// ---------------------------------------------------------------------------
// The database: writes go to the log and the memtable; full memtables are
// flushed to level-0 tables and tables are compacted in the background.

struct Options {
  std::size_t WriteBufferSize = 4 << 20;
  int Level0CompactionTrigger = 4;
  bool SyncWrites = false;
  bool DumpStats = true;
  unsigned StatsPeriodSeconds = 600;
};

class DB {
public:
  static Status Open(const Options &Opts, const std::string &Name,
                     std::unique_ptr<DB> *Result) {
    std::unique_ptr<DB> Db(new DB(Opts, Name));
    Status S = Db->Recover();
    if (!S.ok())
      return S;
    if (Opts.DumpStats)
      Db->Environment->StartThread(&DB::StatsThread, Db.get());
    *Result = std::move(Db);
    return Status::OK();
  }

  ~DB() {
    std::unique_lock<std::mutex> Lock(Mutex);
    ShuttingDown.store(true);
    BackgroundDone.wait(Lock, [this] { return !BackgroundScheduled; });
    Lock.unlock();
    if (DbLock)
      Environment->UnlockFile(DbLock);
    delete InfoLog;
  }

  Status Put(const Slice &Key, const Slice &Value) {
    return Write(Key, Value, false);
  }
  Status Delete(const Slice &Key) { return Write(Key, Slice(), true); }

  Status Get(const Slice &Key, std::string *Value) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Status S;
    if (Mem->Get(Key, Value, &S))
      return S;
    if (Imm && Imm->Get(Key, Value, &S))
      return S;
    for (auto It = Files.rbegin(); It != Files.rend(); ++It) {
      if (Key.compare(It->Smallest) < 0 || Key.compare(It->Largest) > 0)
        continue;
      S = ReadFromTable(*It, Key, Value);
      if (S.ok() || !S.IsNotFound())
        return S;
    }
    return Status::NotFound(Key.ToString());
  }

private:
  DB(const Options &Opts, std::string Name)
      : Opts(Opts), Name(std::move(Name)), Environment(Env::Default()),
        Mem(new MemTable) {}

  Status Recover() {
    Status S = Environment->CreateDir(Name);
    if (!S.ok())
      return S;
    S = Environment->LockFile(Name + "/LOCK", &DbLock);
    if (!S.ok())
      return S;
    S = Environment->NewLogger(Name + "/LOG", &InfoLog);
    if (!S.ok())
      return S;
    std::vector<std::string> Children;
    S = Environment->GetChildren(Name, &Children);
    if (!S.ok())
      return S;
    std::vector<uint64_t> Logs;
    for (const std::string &Child : Children) {
      unsigned long long Number = 0;
      char Suffix[8] = {};
      if (std::sscanf(Child.c_str(), "%llu.%7s", &Number, Suffix) != 2)
        continue;
      NextFileNumber = std::max<uint64_t>(NextFileNumber, Number + 1);
      if (std::strcmp(Suffix, "log") == 0)
        Logs.push_back(Number);
      else if (std::strcmp(Suffix, "sst") == 0) {
        FileMetaData F;
        F.Number = Number;
        Environment->GetFileSize(TableFileName(Name, Number), &F.Size);
        Files.push_back(F);
      }
    }
    std::sort(Logs.begin(), Logs.end());
    for (uint64_t Number : Logs) {
      S = ReplayLog(Number);
      if (!S.ok())
        return S;
    }
    return NewLog();
  }

  Status ReplayLog(uint64_t Number) {
    std::unique_ptr<SequentialFile> File;
    Status S = Environment->NewSequentialFile(LogFileName(Name, Number), &File);
    if (!S.ok())
      return S;
    wal::Reader Reader(File.get());
    std::string Record;
    unsigned Replayed = 0;
    while (Reader.ReadRecord(&Record)) {
      Slice In(Record);
      Slice Key, Value;
      if (In.empty())
        continue;
      bool Deleted = In[0] == 1;
      In.remove_prefix(1);
      if (!GetLengthPrefixedSlice(&In, &Key) ||
          !GetLengthPrefixedSlice(&In, &Value))
        return Status::Corruption("bad log record");
      Mem->Add(++LastSequence, Deleted, Key, Value);
      ++Replayed;
    }
    Log(InfoLog, "replayed %u records from log #%llu", Replayed,
        static_cast<unsigned long long>(Number));
    return Status::OK();
  }

  Status NewLog() {
    uint64_t Number = NextFileNumber++;
    std::unique_ptr<WritableFile> File;
    Status S = Environment->NewWritableFile(LogFileName(Name, Number), &File);
    if (!S.ok())
      return S;
    LogFile = std::move(File);
    LogWriter.reset(new wal::Writer(LogFile.get()));
    LogNumber = Number;
    return Status::OK();
  }

  Status Write(const Slice &Key, const Slice &Value, bool Deletion) {
    std::string Record;
    Record.push_back(Deletion ? 1 : 0);
    PutLengthPrefixedSlice(&Record, Key);
    PutLengthPrefixedSlice(&Record, Value);
    std::unique_lock<std::mutex> Lock(Mutex);
    Status S = MakeRoomForWrite(Lock);
    if (!S.ok())
      return S;
    S = LogWriter->AddRecord(Record);
    if (S.ok() && Opts.SyncWrites)
      S = LogFile->Sync();
    if (S.ok())
      Mem->Add(++LastSequence, Deletion, Key, Value);
    return S;
  }

  Status MakeRoomForWrite(std::unique_lock<std::mutex> &Lock) {
    for (;;) {
      if (!BackgroundError.ok())
        return BackgroundError;
      if (Mem->ApproximateMemoryUsage() <= Opts.WriteBufferSize)
        return Status::OK();
      if (Imm) {
        Log(InfoLog, "current memtable full; waiting");
        BackgroundDone.wait(Lock);
        continue;
      }
      Status S = NewLog();
      if (!S.ok())
        return S;
      Imm = std::move(Mem);
      Mem.reset(new MemTable);
      MaybeScheduleCompaction();
    }
  }

  void MaybeScheduleCompaction() {
    if (BackgroundScheduled || ShuttingDown.load())
      return;
    bool Level0Full =
        static_cast<int>(std::count_if(Files.begin(), Files.end(),
                                       [](const FileMetaData &F) {
                                         return F.Level == 0;
                                       })) >= Opts.Level0CompactionTrigger;
    if (!Imm && !Level0Full)
      return;
    BackgroundScheduled = true;
    Environment->Schedule(&DB::BackgroundWork, this);
  }

  static void BackgroundWork(void *Self) {
    static_cast<DB *>(Self)->BackgroundCall();
  }

  void BackgroundCall() {
    std::unique_lock<std::mutex> Lock(Mutex);
    if (!ShuttingDown.load() && BackgroundError.ok()) {
      Status S = Imm ? FlushMemTable(Lock) : CompactLevel0(Lock);
      if (!S.ok()) {
        BackgroundError = S;
        Log(InfoLog, "background error: %s", S.ToString().c_str());
      }
    }
    BackgroundScheduled = false;
    MaybeScheduleCompaction();
    BackgroundDone.notify_all();
  }

  Status FlushMemTable(std::unique_lock<std::mutex> &Lock) {
    uint64_t Number = NextFileNumber++;
    std::shared_ptr<MemTable> Source = std::move(Imm);
    Lock.unlock();
    FileMetaData Meta;
    Status S = WriteTable(Number, Source->entries(), &Meta);
    Lock.lock();
    if (!S.ok()) {
      Imm = std::move(Source);
      return S;
    }
    Files.push_back(Meta);
    Log(InfoLog, "flushed memtable to table #%llu: %llu bytes",
        static_cast<unsigned long long>(Meta.Number),
        static_cast<unsigned long long>(Meta.Size));
    return Status::OK();
  }

  Status WriteTable(uint64_t Number,
                    const std::map<std::string, MemTable::Entry> &Entries,
                    FileMetaData *Meta) {
    std::string Temp = TempFileName(Name, Number);
    std::unique_ptr<WritableFile> File;
    Status S = Environment->NewWritableFile(Temp, &File);
    if (!S.ok())
      return S;
    TableBuilder Builder(File.get());
    for (const auto &Entry : Entries)
      Builder.Add(Entry.first, Entry.second.Value, Entry.second.Deleted);
    S = Builder.Finish();
    if (S.ok())
      S = File->Sync();
    if (S.ok())
      S = File->Close();
    if (S.ok())
      S = Environment->RenameFile(Temp, TableFileName(Name, Number));
    if (!S.ok()) {
      Environment->RemoveFile(Temp);
      return S;
    }
    Meta->Number = Number;
    Meta->Size = Builder.FileSize();
    Meta->Smallest = Builder.smallest();
    Meta->Largest = Builder.largest();
    Meta->Level = 0;
    return Status::OK();
  }

  Status CompactLevel0(std::unique_lock<std::mutex> &Lock) {
    std::vector<FileMetaData> Inputs;
    for (const FileMetaData &F : Files)
      if (F.Level == 0)
        Inputs.push_back(F);
    if (Inputs.empty())
      return Status::OK();
    uint64_t Number = NextFileNumber++;
    Lock.unlock();
    std::map<std::string, MemTable::Entry> Merged;
    Status S;
    for (const FileMetaData &F : Inputs) {
      S = ReadWholeTable(F, &Merged);
      if (!S.ok())
        break;
    }
    FileMetaData Meta;
    if (S.ok())
      S = WriteTable(Number, Merged, &Meta);
    Lock.lock();
    if (!S.ok())
      return S;
    Meta.Level = 1;
    Files.erase(std::remove_if(Files.begin(), Files.end(),
                               [](const FileMetaData &F) {
                                 return F.Level == 0;
                               }),
                Files.end());
    Files.push_back(Meta);
    for (const FileMetaData &F : Inputs)
      Environment->RemoveFile(TableFileName(Name, F.Number));
    Log(InfoLog, "compacted %zu tables into #%llu", Inputs.size(),
        static_cast<unsigned long long>(Number));
    return Status::OK();
  }

  Status ReadWholeTable(const FileMetaData &F,
                        std::map<std::string, MemTable::Entry> *Out) {
    std::unique_ptr<RandomAccessFile> File;
    Status S =
        Environment->NewRandomAccessFile(TableFileName(Name, F.Number), &File);
    if (!S.ok())
      return S;
    if (F.Size < 16)
      return Status::Corruption("table too short");
    char FooterBuf[16];
    Slice Footer;
    S = File->Read(F.Size - 16, 16, &Footer, FooterBuf);
    if (!S.ok())
      return S;
    if (DecodeFixed32(Footer.data() + 12) != 0xdb4775f8u)
      return Status::Corruption("bad table magic");
    uint32_t IndexOffset = DecodeFixed32(Footer.data());
    std::unique_ptr<char[]> Scratch(new char[IndexOffset]);
    Slice Blocks;
    S = File->Read(0, IndexOffset, &Blocks, Scratch.get());
    if (!S.ok())
      return S;
    while (Blocks.size() > 4) {
      Slice Key, Value;
      if (!GetLengthPrefixedSlice(&Blocks, &Key) || Blocks.empty())
        break;
      bool Deleted = Blocks[0] == 1;
      Blocks.remove_prefix(1);
      if (!GetLengthPrefixedSlice(&Blocks, &Value))
        break;
      MemTable::Entry &E = (*Out)[Key.ToString()];
      E.Deleted = Deleted;
      E.Value = Value.ToString();
    }
    return Status::OK();
  }

  Status ReadFromTable(const FileMetaData &F, const Slice &Key,
                       std::string *Value) {
    std::map<std::string, MemTable::Entry> All;
    Status S = ReadWholeTable(F, &All);
    if (!S.ok())
      return S;
    auto It = All.find(Key.ToString());
    if (It == All.end() || It->second.Deleted)
      return Status::NotFound(Key.ToString());
    *Value = It->second.Value;
    return Status::OK();
  }

  static void StatsThread(void *Self) {
    DB *Db = static_cast<DB *>(Self);
    for (;;) {
      ::sleep(Db->Opts.StatsPeriodSeconds);
      if (Db->ShuttingDown.load())
        return;
      Db->DumpStats();
    }
  }

  void DumpStats() {
    struct ::rusage Usage;
    ::getrusage(RUSAGE_SELF, &Usage);
    std::lock_guard<std::mutex> Lock(Mutex);
    uint64_t Total = 0;
    for (const FileMetaData &F : Files)
      Total += F.Size;
    Log(InfoLog,
        "stats: seq=%llu tables=%zu bytes=%llu mem=%zu maxrss=%ldKiB",
        static_cast<unsigned long long>(LastSequence), Files.size(),
        static_cast<unsigned long long>(Total),
        Mem->ApproximateMemoryUsage(), Usage.ru_maxrss);
  }

  const Options Opts;
  const std::string Name;
  Env *const Environment;
  std::mutex Mutex;
  std::condition_variable BackgroundDone;
  std::atomic<bool> ShuttingDown{false};
  bool BackgroundScheduled = false;
  Status BackgroundError;
  std::shared_ptr<MemTable> Mem;
  std::shared_ptr<MemTable> Imm;
  std::vector<FileMetaData> Files;
  std::unique_ptr<WritableFile> LogFile;
  std::unique_ptr<wal::Writer> LogWriter;
  uint64_t LogNumber = 0;
  uint64_t NextFileNumber = 1;
  SequenceNumber LastSequence = 0;
  FileLock *DbLock = nullptr;
  Logger *InfoLog = nullptr;
};

} // namespace store

// A load generator: writes keys until told how many, then reads some back.
int main(int Argc, char **Argv) {
  const char *Path = Argc > 1 ? Argv[1] : "/tmp/storedb";
  long Count = Argc > 2 ? std::strtol(Argv[2], nullptr, 10) : 100000;
  store::Options Opts;
  std::unique_ptr<store::DB> Db;
  store::Status S = store::DB::Open(Opts, Path, &Db);
  if (!S.ok()) {
    std::fprintf(stderr, "open: %s\n", S.ToString().c_str());
    return 1;
  }
  char Key[32];
  char Value[128];
  for (long I = 0; I < Count; ++I) {
    std::snprintf(Key, sizeof(Key), "key%010ld", I);
    std::snprintf(Value, sizeof(Value), "value-%ld-%ld", I, I * 7919 % 1000);
    S = Db->Put(Key, Value);
    if (!S.ok()) {
      std::fprintf(stderr, "put: %s\n", S.ToString().c_str());
      return 1;
    }
  }
  long Found = 0;
  std::string Got;
  for (long I = 0; I < Count; I += 97) {
    std::snprintf(Key, sizeof(Key), "key%010ld", I);
    if (Db->Get(Key, &Got).ok())
      ++Found;
  }
  std::printf("%ld of %ld sampled keys found\n", Found, (Count + 96) / 97);
  return 0;
}
