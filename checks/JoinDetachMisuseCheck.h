//===-- JoinDetachMisuseCheck.h - daemon-join-detach-misuse -----*- C++ -*-===//

#ifndef DAEMON_TIDY_JOINDETACHMISUSECHECK_H
#define DAEMON_TIDY_JOINDETACHMISUSECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/ThreadObjectFlow.h"

namespace clang::tidy::daemon {

/// Finds `join()` and `detach()` on a thread object that is not joinable on
/// some feasible path: already joined or detached, moved from, or
/// default-constructed. Each such call throws `std::system_error`.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-join-detach-misuse.md
class JoinDetachMisuseCheck : public ClangTidyCheck {
public:
  JoinDetachMisuseCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void warn(const NonJoinableCall &Bad, ASTContext &Ctx);

  /// Offer a fix-it that deletes a join() or detach() repeating the same
  /// call on every path.
  const bool RemoveRepeatedCalls;
};

} // namespace clang::tidy::daemon

#endif
