//===-- TuResults.h - one translation unit's diagnostics on disk -*- C++
//-*-===//
//
// In project mode each translation unit is analysed by a child daemon-tidy,
// which hands its diagnostics back to the parent in a file: the YAML of
// --export-fixes, with fixes, notes and ranges, then a second YAML document
// with what the child suppressed.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_TURESULTS_H
#define DAEMON_TIDY_DRIVER_TURESULTS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <optional>

namespace clang::tidy::daemon {

/// What a child found in its file.
struct TuResults {
  std::vector<ClangTidyError> Errors;
  /// Warnings that NOLINT comments suppressed.
  unsigned SuppressedByNolint = 0;
};

/// Writes the diagnostics of \p MainFile and the suppression counts of
/// \p Stats to \p Path; false on a write error.
bool writeTuResults(llvm::StringRef Path, llvm::StringRef MainFile,
                    llvm::ArrayRef<ClangTidyError> Errors,
                    const ClangTidyStats &Stats);

/// Reads what writeTuResults wrote; nothing if the file is unreadable.
std::optional<TuResults> readTuResults(llvm::StringRef Path);

/// Whether \p Error is a compile error, not a check's warning.
bool isCompileError(const ClangTidyError &Error);

/// Takes the compile errors that have no place in a file out of \p Errors
/// and returns their messages: the compile command's own problems, such as
/// an unknown argument.
std::vector<std::string> takeCommandErrors(std::vector<ClangTidyError> &Errors);

} // namespace clang::tidy::daemon

#endif
