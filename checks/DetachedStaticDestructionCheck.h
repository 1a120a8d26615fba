//===-- DetachedStaticDestructionCheck.h - static-destruction ---*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDSTATICDESTRUCTIONCHECK_H
#define DAEMON_TIDY_DETACHEDSTATICDESTRUCTIONCHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that (transitively) use an object with static
/// storage duration and a non-trivial destructor: the object is destroyed at
/// exit while the thread may still be using it.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-static-destruction.md
class DetachedStaticDestructionCheck : public DetachedEffectCheck {
public:
  DetachedStaticDestructionCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, std::nullopt) {}
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }

protected:
  bool diagnose(TUAnalysis &Analysis, const SpawnSite &Site) override;
};

} // namespace clang::tidy::daemon

#endif
