//===-- ProjectRunner.h - every file of a compilation database --*- C++ -*-===//
//
// Project mode: `daemon-tidy -p build` with no files analyses every file of
// the database, each in its own child daemon-tidy so that a crash costs one
// file, not the run. The children hand their diagnostics back through files
// (TuResults.h); the parent reports them once. Whole-program mode
// (WholeProgram.h) runs the children in two phases.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_PROJECTRUNNER_H
#define DAEMON_TIDY_DRIVER_PROJECTRUNNER_H

#include "ExitCodes.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <string>
#include <vector>

namespace clang::tidy::daemon {

/// How to run the children.
struct ProjectRun {
  /// This daemon-tidy's executable.
  std::string Executable;
  /// The analysis options for every child, without the file.
  std::vector<std::string> ChildArgs;
  /// How many children run at once.
  unsigned Jobs = 1;
  /// Show a progress line on stderr (on a terminal).
  bool ShowProgress = false;
};

/// What the children found, in file order, and the worst failure among them:
/// ExitFindings when a file has compile errors, ExitUsage when a child
/// reported bad input (an unknown compiler argument, say), ExitInternal when
/// one crashed.
struct ProjectResults {
  std::vector<ClangTidyError> Errors;
  ExitCode Failure = ExitClean;
  /// Files with one of those failures.
  unsigned FailedFiles = 0;
  /// Warnings that NOLINT comments suppressed, over all files.
  unsigned SuppressedByNolint = 0;
};

/// One child's work: a file, the options it adds for that file, and where
/// its results go (a temporary file, removed after reading, when empty).
struct ChildJob {
  std::string File;
  std::vector<std::string> ExtraArgs;
  std::string ResultsPath;
};

/// What one child found, and how it failed: ExitFindings for compile
/// errors, ExitUsage for bad input (its one-line errors were reported,
/// naming the file), ExitInternal for a crash.
struct ChildResult {
  std::vector<ClangTidyError> Errors;
  unsigned SuppressedByNolint = 0;
  ExitCode Failure = ExitClean;
};

/// The hidden option that makes daemon-tidy a child writing its results to
/// a file.
inline constexpr char ChildResultsOption[] = "internal-tu-results";

/// Runs each of \p Jobs in a child process, \p Run.Jobs at a time; the
/// progress line names \p Phase. Reports each failed file in one line on
/// stderr and goes on.
std::vector<ChildResult> runChildren(llvm::ArrayRef<ChildJob> Jobs,
                                     const ProjectRun &Run,
                                     llvm::StringRef Phase);

/// Analyses each of \p Files in a child process, each on its own.
ProjectResults runProject(llvm::ArrayRef<std::string> Files,
                          const ProjectRun &Run);

} // namespace clang::tidy::daemon

#endif
