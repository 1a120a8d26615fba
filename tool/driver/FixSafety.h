//===-- FixSafety.h - never apply fixes to a file that changed --*- C++ -*-===//
//
// Fixes are offsets into the text clang parsed. If a file changes on disk
// between the analysis and the writing of the fixes (an editor saves it,
// another tool rewrites it), applying them would corrupt it. The driver
// reads every file through a ReadRecorder and, before applying fixes, drops
// those to files whose content is no longer what was read.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_FIXSAFETY_H
#define DAEMON_TIDY_DRIVER_FIXSAFETY_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <optional>
#include <vector>

namespace clang::tidy::daemon {

/// A file system that remembers a hash of each file's content as it was
/// first read through it.
class ReadRecorder : public llvm::vfs::ProxyFileSystem {
public:
  explicit ReadRecorder(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : ProxyFileSystem(std::move(FS)) {}

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override;

  /// The hash of \p Path's content when it was first read, if it was.
  std::optional<uint64_t> hashAsRead(llvm::StringRef Path) const;

  /// Records \p Content as what \p Path held, unless something was recorded
  /// already.
  void record(llvm::StringRef Path, llvm::StringRef Content);

private:
  llvm::StringMap<uint64_t> Hashes;
};

/// Removes from \p Errors the fixes to files whose content on disk differs
/// from what \p Reads recorded, and says so on stderr, one line per file.
void dropFixesToChangedFiles(std::vector<ClangTidyError> &Errors,
                             const ReadRecorder &Reads);

} // namespace clang::tidy::daemon

#endif
