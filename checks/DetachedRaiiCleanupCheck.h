//===-- DetachedRaiiCleanupCheck.h - raii-cleanup ---------------*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDRAIICLEANUPCHECK_H
#define DAEMON_TIDY_DETACHEDRAIICLEANUPCHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that rely on cleanup with an effect: a local's
/// destructor on the thread's stack, a pthread_cleanup_push handler, or a
/// used thread_local's destructor. None of them runs when the process exits
/// first.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-raii-cleanup.md
class DetachedRaiiCleanupCheck : public DetachedEffectCheck {
public:
  DetachedRaiiCleanupCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, std::nullopt) {}

protected:
  bool diagnose(TUAnalysis &Analysis, const SpawnSite &Site) override;
};

} // namespace clang::tidy::daemon

#endif
