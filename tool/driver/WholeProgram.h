//===-- WholeProgram.h - project mode over the whole program ----*- C++ -*-===//
//
// Whole-program project mode. Every translation unit is summarised (and
// its findings of its own are kept), the summaries are merged into one
// index, and the translation units whose findings can depend on other
// files are analysed again against the index. Summaries, the index and the
// findings are kept in a cache folder, so that a second run redoes only
// what changed. The steps are also offered one by one, for build systems:
// --export-summary, --merge-summaries and --summary-index.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_WHOLEPROGRAM_H
#define DAEMON_TIDY_DRIVER_WHOLEPROGRAM_H

#include "ProjectRunner.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <functional>

namespace clang::tidy::daemon {

/// How to run whole-program project mode.
struct WholeProgramRun {
  ProjectRun Children;
  /// The cache folder (--summary-dir).
  std::string CacheDir;
  const tooling::CompilationDatabase *Compilations = nullptr;
  /// The configuration in effect for a file, as text: part of the key of
  /// its cached summary, with its compile command.
  std::function<std::string(llvm::StringRef File)> ConfigText;
};

/// What a whole-program run did.
struct WholeProgramStats {
  unsigned Files = 0;
  /// Files summarised in this run; the others' summaries were cached.
  unsigned Summarised = 0;
  /// Files whose findings can depend on other files.
  unsigned DependOnIndex = 0;
  /// Of those, the files analysed against the index in this run.
  unsigned Reanalysed = 0;

  /// For the closing line: "whole program: 3 of 200 files summarised, 2
  /// of 20 analysed again (the rest from the cache)".
  std::string describe() const;
};

/// Runs whole-program project mode over \p Files; returns every file's
/// findings. Reports a failed file in one line and goes on.
ProjectResults runWholeProgram(llvm::ArrayRef<std::string> Files,
                               const WholeProgramRun &Run,
                               WholeProgramStats &Stats);

/// The hidden options through which project mode tells a child the key of
/// its summary, and asks it for the index entries its findings used.
inline constexpr char ChildCommandHashOption[] = "internal-command-hash";
inline constexpr char ChildIndexDepsOption[] = "internal-index-deps";

/// Makes this run write the whole-program summary of the translation unit
/// it analyses to \p Path (--export-summary), computed with the options of
/// \p Config; \p CommandHash keys it in project mode's cache. A
/// translation unit with compile errors gets no summary.
void exportSummaryOfRun(llvm::StringRef Path, const ClangTidyOptions &Config,
                        uint64_t CommandHash);

/// Writes the index entries (key and fingerprint) that this run's findings
/// depended on to \p Path; false on a write error.
bool writeIndexDependencies(llvm::StringRef Path);

/// Prints the summary or index file \p Path as text (--dump-summary);
/// returns the exit code.
int dumpSummary(llvm::StringRef Path);

/// Merges the summary files \p Inputs into the index \p Output
/// (--merge-summaries); returns the exit code, after one line on stderr
/// for a file that cannot be used.
int mergeSummaries(llvm::ArrayRef<std::string> Inputs, llvm::StringRef Output);

} // namespace clang::tidy::daemon

#endif
