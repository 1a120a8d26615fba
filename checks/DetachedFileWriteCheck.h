//===-- DetachedFileWriteCheck.h - daemon-detached-file-write ---*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDFILEWRITECHECK_H
#define DAEMON_TIDY_DETACHEDFILEWRITECHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that (transitively) write to a file: the write
/// may be lost or left partial when the process exits first.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-file-write.md
class DetachedFileWriteCheck : public DetachedEffectCheck {
public:
  DetachedFileWriteCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, EffectKind::FileWrite) {}
};

} // namespace clang::tidy::daemon

#endif
