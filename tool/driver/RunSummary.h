//===-- RunSummary.h - the line that ends a run -----------------*- C++ -*-===//
//
// A project-mode or multi-file run ends with one line on stderr that says
// what was done, so that a clean run of many files is not silent: files
// analysed, findings by check, warnings suppressed, files that failed and
// the time taken. --quiet drops it.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_RUNSUMMARY_H
#define DAEMON_TIDY_DRIVER_RUNSUMMARY_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <chrono>
#include <string>

namespace clang::tidy::daemon {

/// The counts of one run, filled in as it goes.
struct RunSummary {
  std::chrono::steady_clock::time_point Start =
      std::chrono::steady_clock::now();
  unsigned Files = 0;
  /// Files whose analysis crashed, whose compile command was refused or
  /// that have compile errors.
  unsigned FailedFiles = 0;
  unsigned SuppressedByNolint = 0;
  unsigned SuppressedByBaseline = 0;
  /// What whole-program mode did, appended after "; " when set.
  std::string WholeProgram;

  /// The closing line for the diagnostics \p Reported, without its line
  /// break, for example "daemon-tidy: 2 files analysed in 1.4s: 1 finding
  /// (daemon-detached-file-write: 1), 0 suppressed by NOLINT, 0 by the
  /// baseline, 0 files failed". Compile errors are not findings.
  std::string line(llvm::ArrayRef<ClangTidyError> Reported) const;
};

} // namespace clang::tidy::daemon

#endif
