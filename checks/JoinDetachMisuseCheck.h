//===-- JoinDetachMisuseCheck.h - daemon-join-detach-misuse -----*- C++ -*-===//

#ifndef DAEMON_TIDY_JOINDETACHMISUSECHECK_H
#define DAEMON_TIDY_JOINDETACHMISUSECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/Analysis.h"
#include "model/HandleFlow.h"
#include "model/NonJoinableCalls.h"

namespace clang::tidy::daemon {

/// Finds `join()` and `detach()` on a thread object that is not joinable on
/// some feasible path: already joined or detached, moved from, or
/// default-constructed. Each such call throws `std::system_error`. In C, finds
/// `pthread_join`/`thrd_join` and `pthread_detach`/`thrd_detach` of a handle
/// that was already joined or detached, was created detached or detaches
/// itself, and `pthread_attr_setdetachstate` after the attribute's last use.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-join-detach-misuse.md
class JoinDetachMisuseCheck : public ClangTidyCheck {
public:
  JoinDetachMisuseCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void warn(const NonJoinableCall &Bad, ASTContext &Ctx);
  void warn(const HandleMisuse &Bad);
  void warn(const LateDetachState &Late);

  /// Offer a fix-it that deletes a join() or detach() repeating the same
  /// call on every path.
  const bool RemoveRepeatedCalls;
  /// The index that helpers defined in other files are looked up in.
  ModelOptions Model;
};

} // namespace clang::tidy::daemon

#endif
