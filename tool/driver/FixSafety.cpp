//===-- FixSafety.cpp - never apply fixes to a file that changed ----------===//

#include "FixSafety.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace clang::tidy::daemon {
namespace {

/// \p Path made absolute, without `.` and `..`: the key of a file.
std::string fileKey(llvm::StringRef Path) {
  llvm::SmallString<256> Key(Path);
  llvm::sys::fs::make_absolute(Key);
  llvm::sys::path::remove_dots(Key, /*remove_dot_dot=*/true);
  return std::string(Key);
}

/// A file whose content is recorded when clang reads it.
class RecordedFile : public llvm::vfs::File {
public:
  RecordedFile(std::unique_ptr<llvm::vfs::File> Inner, std::string Path,
               ReadRecorder &Reads)
      : Inner(std::move(Inner)), Path(std::move(Path)), Reads(Reads) {}

  llvm::ErrorOr<llvm::vfs::Status> status() override { return Inner->status(); }
  llvm::ErrorOr<std::string> getName() override { return Inner->getName(); }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
  getBuffer(const llvm::Twine &Name, int64_t FileSize,
            bool RequiresNullTerminator, bool IsVolatile) override {
    auto Buffer =
        Inner->getBuffer(Name, FileSize, RequiresNullTerminator, IsVolatile);
    if (Buffer)
      Reads.record(Path, (*Buffer)->getBuffer());
    return Buffer;
  }
  std::error_code close() override { return Inner->close(); }

private:
  std::unique_ptr<llvm::vfs::File> Inner;
  std::string Path;
  ReadRecorder &Reads;
};

/// Whether \p File's content on disk is not what \p Reads recorded.
bool changedOnDisk(llvm::StringRef File, const ReadRecorder &Reads) {
  std::optional<uint64_t> AsRead = Reads.hashAsRead(File);
  if (!AsRead)
    return false; // never parsed, so the fix does not come from its text
  auto Now = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  return !Now || llvm::xxh3_64bits((*Now)->getBuffer()) != *AsRead;
}

} // namespace

llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
ReadRecorder::openFileForRead(const llvm::Twine &Path) {
  auto File = ProxyFileSystem::openFileForRead(Path);
  if (!File)
    return File;
  // Relative to the compile command's directory, which is this file
  // system's working directory while clang reads.
  llvm::SmallString<256> Absolute;
  Path.toVector(Absolute);
  makeAbsolute(Absolute);
  return std::make_unique<RecordedFile>(std::move(*File), fileKey(Absolute),
                                        *this);
}

std::optional<uint64_t> ReadRecorder::hashAsRead(llvm::StringRef Path) const {
  auto It = Hashes.find(fileKey(Path));
  if (It == Hashes.end())
    return std::nullopt;
  return It->second;
}

void ReadRecorder::record(llvm::StringRef Path, llvm::StringRef Content) {
  Hashes.try_emplace(Path, llvm::xxh3_64bits(Content));
}

void dropFixesToChangedFiles(std::vector<ClangTidyError> &Errors,
                             const ReadRecorder &Reads) {
  llvm::StringSet<> Checked, Changed;
  auto Drop = [&](tooling::DiagnosticMessage &Message) {
    for (auto It = Message.Fix.begin(); It != Message.Fix.end();) {
      auto Current = It++;
      llvm::StringRef File = Current->getKey();
      if (Checked.insert(File).second && changedOnDisk(File, Reads))
        Changed.insert(File);
      if (Changed.contains(File))
        Message.Fix.erase(Current);
    }
  };
  for (ClangTidyError &Error : Errors) {
    Drop(Error.Message);
    for (tooling::DiagnosticMessage &Note : Error.Notes)
      Drop(Note);
  }
  std::vector<llvm::StringRef> Files;
  for (const auto &File : Changed)
    Files.push_back(File.getKey());
  llvm::sort(Files);
  for (llvm::StringRef File : Files)
    llvm::errs() << "daemon-tidy: warning: " << File
                 << " changed on disk during the run; its fixes were not "
                    "applied\n";
}

} // namespace clang::tidy::daemon
