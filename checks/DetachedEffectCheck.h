//===-- DetachedEffectCheck.h - the policy of the effect checks -*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDEFFECTCHECK_H
#define DAEMON_TIDY_DETACHEDEFFECTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/Analysis.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::daemon {

/// The shared policy of the daemon-detached-* effect checks: for every
/// detached thread that reaches an effect of one kind, with no completion
/// signal covering it and no `daemon::discardable` annotation, one warning
/// at the detach (SPEC §4) and notes from there to the effect.
class DetachedEffectCheck : public ClangTidyCheck {
public:
  DetachedEffectCheck(StringRef Name, ClangTidyContext *Context,
                      EffectKind Kind);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const SpawnSite &Site, const EffectPath &Path);

  const EffectKind Kind;
  const std::string SpawnerFunctions;
  const std::string ExtraFunctions;
  ModelOptions Model;
  const ASTContext *Current = nullptr;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::daemon

#endif
