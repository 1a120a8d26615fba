//===-- ExitCodes.h - daemon-tidy's documented exit codes -------*- C++ -*-===//

#ifndef DAEMON_TIDY_DRIVER_EXITCODES_H
#define DAEMON_TIDY_DRIVER_EXITCODES_H

#include "llvm/ADT/Twine.h"

namespace clang::tidy::daemon {

/// The exit codes documented in docs/index.md.
enum ExitCode : int {
  /// No findings, or warnings only.
  ExitClean = 0,
  /// Findings promoted by --warnings-as-errors, or a compile error.
  ExitFindings = 1,
  /// Bad usage, input or configuration.
  ExitUsage = 2,
  /// daemon-tidy itself failed: a bug to report.
  ExitInternal = 3,
};

/// Prints "daemon-tidy: error: <Message>" as one line on stderr.
void printError(const llvm::Twine &Message);

/// Prints "daemon-tidy: warning: <Message>" as one line on stderr.
void printWarning(const llvm::Twine &Message);

} // namespace clang::tidy::daemon

#endif
