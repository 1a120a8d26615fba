//===-- ExitWithRunningThreadsCheck.h - exit-with-running-threads -*- C++ -*-//

#ifndef DAEMON_TIDY_EXITWITHRUNNINGTHREADSCHECK_H
#define DAEMON_TIDY_EXITWITHRUNNINGTHREADSCHECK_H

#include "DetachedEffectCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::daemon {

/// Finds where the process ends while detached threads that do observable
/// work may still run: a return of `main` or an exit call reached after a
/// detach with no wait, exit() called on a detached thread or on a thread
/// started after a detach, and exit() in a signal handler of a program that
/// detaches threads.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-exit-with-running-threads.md
class ExitWithRunningThreadsCheck : public DetachedEffectCheck {
public:
  ExitWithRunningThreadsCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, std::nullopt) {}

protected:
  void checkTranslationUnit(TUAnalysis &Analysis, ASTContext &Ctx) override;

private:
  void reportExitsOfMain(TUAnalysis &Analysis, const FunctionDecl &Main,
                         llvm::ArrayRef<const SpawnSite *> Threads);
  void reportExitOnThread(TUAnalysis &Analysis, const SpawnSite &Site);
  /// exit() on a thread that is not detached, started after a detach in
  /// the same block of its creator.
  void reportExitOnOtherThreads(TUAnalysis &Analysis, ASTContext &Ctx,
                                llvm::ArrayRef<const SpawnSite *> Detached);
  void reportExitInHandlers(TUAnalysis &Analysis, ASTContext &Ctx);
  /// Whether the exit at \p Loc is reported for the first time.
  bool firstReport(SourceLocation Loc) {
    return Reported.insert(Loc.getRawEncoding()).second;
  }

  /// The exit points reported in the current translation unit: each once.
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::daemon

#endif
