//===-- DetachedDbCommitCheck.h - db-commit ---------------------*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDDBCOMMITCHECK_H
#define DAEMON_TIDY_DETACHEDDBCOMMITCHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that (transitively) commit to a database: the
/// transaction may be lost when the process exits first.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-db-commit.md
class DetachedDbCommitCheck : public DetachedEffectCheck {
public:
  DetachedDbCommitCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, EffectKind::DatabaseCommit) {}
};

} // namespace clang::tidy::daemon

#endif
