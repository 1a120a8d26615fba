//===-- TuResults.h - one translation unit's diagnostics on disk -*- C++
//-*-===//
//
// In project mode each translation unit is analysed by a child daemon-tidy,
// which hands its diagnostics back to the parent in a file: the YAML of
// --export-fixes, with fixes, notes and ranges.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_TURESULTS_H
#define DAEMON_TIDY_DRIVER_TURESULTS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <optional>

namespace clang::tidy::daemon {

/// Writes the diagnostics of \p MainFile to \p Path; false on a write error.
bool writeTuResults(llvm::StringRef Path, llvm::StringRef MainFile,
                    llvm::ArrayRef<ClangTidyError> Errors);

/// Reads what writeTuResults wrote; nothing if the file is unreadable.
std::optional<std::vector<ClangTidyError>> readTuResults(llvm::StringRef Path);

} // namespace clang::tidy::daemon

#endif
