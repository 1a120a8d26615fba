//===-- DetachedSubprocessCheck.h - subprocess ------------------*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDSUBPROCESSCHECK_H
#define DAEMON_TIDY_DETACHEDSUBPROCESSCHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that (transitively) runs a subprocess: its result can
/// never be seen and the child may be orphaned when the process exits first.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-subprocess.md
class DetachedSubprocessCheck : public DetachedEffectCheck {
public:
  DetachedSubprocessCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, EffectKind::Subprocess) {}
};

} // namespace clang::tidy::daemon

#endif
