//===-- DetachedDanglingReferenceCheck.h - dangling-reference ---*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDDANGLINGREFERENCECHECK_H
#define DAEMON_TIDY_DETACHEDDANGLINGREFERENCECHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that receive a reference or pointer into their
/// creator's frame: by-reference captures of locals, `this`, `std::ref` of
/// a local, `&local`, a local array or a view of a local. The thread may
/// use it after the creator has returned.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-dangling-reference.md
class DetachedDanglingReferenceCheck : public DetachedEffectCheck {
public:
  DetachedDanglingReferenceCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, std::nullopt) {}

protected:
  bool diagnose(TUAnalysis &Analysis, const SpawnSite &Site) override;
  bool exemptsDiscardable() const override { return false; }
};

} // namespace clang::tidy::daemon

#endif
