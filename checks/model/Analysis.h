//===-- Analysis.h - one translation unit's shared analysis -----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_ANALYSIS_H
#define DAEMON_TIDY_MODEL_ANALYSIS_H

#include "EffectModel.h"
#include "Exceptions.h"
#include "ProjectIndex.h"
#include "Summary.h"
#include "ThreadModel.h"
#include <functional>
#include <map>
#include <memory>

namespace clang::tidy::daemon {

/// What configures the model: user-named spawners, API additions, and the
/// whole-program index to follow calls into (check option SummaryIndex).
struct ModelOptions {
  std::vector<NamedSpawner> Spawners;
  ExtraApis Apis;
  std::string IndexPath;
  std::string key() const;
};

/// Where the model reports a problem with the index (one line, once per
/// index and process); by default to stderr as "daemon-tidy: warning: ...".
void setIndexNoticeHandler(std::function<void(llvm::StringRef)> Handler);

/// Splits a semicolon-separated option value into its trimmed, non-empty
/// entries.
std::vector<std::string> splitOptionList(llvm::StringRef List);

/// Adds the entries of a SpawnerFunctions list (`qualified::name:argIndex;
/// ...`) to \p Out; returns the entries that are not of that form.
std::vector<std::string> addSpawners(llvm::StringRef List,
                                     std::vector<NamedSpawner> &Out);

/// The thread and effect models of one translation unit.
class TUAnalysis {
public:
  TUAnalysis(ASTContext &Ctx, const ModelOptions &Options);
  ProjectView View;
  CallerIndex Callers;
  ThreadModel Threads;
  EffectModel Effects;

  /// The exception model for a ThrowingFunctions list, built on first use
  /// and then shared by every check that asks with the same list. The
  /// thread and effect models do not depend on the list, so it is not part
  /// of ModelOptions. Checks of one translation unit run on one thread.
  ExceptionModel &exceptions(llvm::ArrayRef<ThrowingFunction> Throwing);

private:
  ASTContext &Ctx;
  std::map<std::string, std::unique_ptr<ExceptionModel>> ExceptionModels;
};

/// The analysis of the translation unit of \p Ctx, shared by every check
/// that asks with the same options until releaseAnalyses(). Safe to call
/// from several threads (daemon-clangd builds ASTs concurrently).
std::shared_ptr<TUAnalysis> analysisFor(ASTContext &Ctx,
                                        const ModelOptions &Options);

/// The project view of an analysis of \p Ctx that has an index, or null.
/// The index is a global option, so every such analysis has the same one.
/// Valid until releaseAnalyses(Ctx).
ProjectView *indexedViewOf(const ASTContext &Ctx);

/// Drops the analyses of \p Ctx, at the end of its translation unit.
void releaseAnalyses(const ASTContext &Ctx);

/// The index entries (key and fingerprint, 0 when absent) that the analyses
/// released since the last call looked up: what their findings depend on.
llvm::StringMap<uint64_t> takeIndexLookups();

/// Asks for the whole-program summaries of every translation unit analysed
/// from now on: when a check first asks for the analysis of a translation
/// unit, it is summarised with \p Options and \p Throwing (the union of the
/// checks') and handed to \p Sink.
void requestSummaries(
    ModelOptions Options, std::vector<ThrowingFunction> Throwing,
    std::function<void(ASTContext &, std::unique_ptr<SummarySet>)> Sink);

} // namespace clang::tidy::daemon

#endif
