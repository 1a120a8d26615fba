//===-- Analysis.h - one translation unit's shared analysis -----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_ANALYSIS_H
#define DAEMON_TIDY_MODEL_ANALYSIS_H

#include "EffectModel.h"
#include "Exceptions.h"
#include "ThreadModel.h"
#include <map>
#include <memory>

namespace clang::tidy::daemon {

/// What configures the model: user-named spawners and API additions.
struct ModelOptions {
  std::vector<NamedSpawner> Spawners;
  ExtraApis Apis;
  std::string key() const;
};

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

/// Drops the analyses of \p Ctx, at the end of its translation unit.
void releaseAnalyses(const ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
