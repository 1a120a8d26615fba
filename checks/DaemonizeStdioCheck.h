//===-- DaemonizeStdioCheck.h - daemon-daemonize-stdio ----------*- C++ -*-===//

#ifndef DAEMON_TIDY_DAEMONIZESTDIOCHECK_H
#define DAEMON_TIDY_DAEMONIZESTDIOCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/Daemonizing.h"

namespace clang::tidy::daemon {

/// Finds writes to stdout or stderr after the process daemonized without
/// detaching them from the terminal: `daemon()` with `noclose` set, or a
/// `fork()` child that calls `setsid()` and redirects or closes neither
/// descriptor. One warning per daemonizing call, at the first such write.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-daemonize-stdio.md
class DaemonizeStdioCheck : public ClangTidyCheck {
public:
  DaemonizeStdioCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const DaemonizedOutput &Output);
};

} // namespace clang::tidy::daemon

#endif
