//===-- ThreadExceptionEscapeCheck.h - thread-exception-escape --*- C++ -*-===//

#ifndef DAEMON_TIDY_THREADEXCEPTIONESCAPECHECK_H
#define DAEMON_TIDY_THREADEXCEPTIONESCAPECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/Analysis.h"

namespace clang::tidy::daemon {

/// Finds threads, detached or not, whose entry function an exception can
/// leave: a visible `throw` that nothing on the way catches, or a call of a
/// throwing library function (`std::stoi`, `.at()`, throwing
/// `std::filesystem` overloads, option ThrowingFunctions). The exception
/// calls std::terminate. One warning per spawn site, with notes from the
/// entry to the throw.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-thread-exception-escape.md
class ThreadExceptionEscapeCheck : public ClangTidyCheck {
public:
  ThreadExceptionEscapeCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void diagnose(const SpawnSite &Site, const ThreadEscape &Found);

  const std::string SpawnerFunctions;
  const std::string ThrowingFunctions;
  ModelOptions Model;
  std::vector<ThrowingFunction> Throwing;
  const ASTContext *Current = nullptr;
};

} // namespace clang::tidy::daemon

#endif
