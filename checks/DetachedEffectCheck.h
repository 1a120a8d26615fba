//===-- DetachedEffectCheck.h - the policy of the effect checks -*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDEFFECTCHECK_H
#define DAEMON_TIDY_DETACHEDEFFECTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/Analysis.h"
#include "model/DiagnosticNames.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::daemon {

/// The shared policy of the daemon-detached-* effect checks: for every
/// detached thread that reaches an effect of one kind, with no completion
/// signal covering it and no `daemon::discardable` annotation, one warning
/// at the detach (SPEC §4) and notes from there to the effect. Checks that
/// ask the model another question about each thread override diagnose().
class DetachedEffectCheck : public ClangTidyCheck {
public:
  /// \p Kind is the effect the check looks for; none for a check that
  /// overrides diagnose().
  DetachedEffectCheck(StringRef Name, ClangTidyContext *Context,
                      std::optional<EffectKind> Kind);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

protected:
  /// Reports what the check finds in the translation unit; by default, each
  /// detached thread through diagnose().
  virtual void checkTranslationUnit(TUAnalysis &Analysis, ASTContext &Ctx);
  /// Reports \p Site if it has what the check looks for; returns whether
  /// it did.
  virtual bool diagnose(TUAnalysis &Analysis, const SpawnSite &Site);
  /// Whether threads whose entry is `daemon::discardable` are left alone.
  virtual bool exemptsDiscardable() const { return true; }
  /// Notes where the thread was created, or which wrapper started it.
  void noteOrigin(const SpawnSite &Site);
  /// Notes each hop of \p Chain.
  void noteChain(llvm::ArrayRef<CallStep> Chain);

private:
  const std::optional<EffectKind> Kind;
  const std::string SpawnerFunctions;
  const std::string ExtraFunctions;
  ModelOptions Model;
  const ASTContext *Current = nullptr;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::daemon

#endif
