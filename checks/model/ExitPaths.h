//===-- ExitPaths.h - where the process ends with threads running -*- C++ -*-=//

#ifndef DAEMON_TIDY_MODEL_EXITPATHS_H
#define DAEMON_TIDY_MODEL_EXITPATHS_H

#include "Origins.h"
#include "ThreadModel.h"
#include <vector>

namespace clang::tidy::daemon {

/// A point where the process ends (SPEC §7 "Exit") that a path reaches
/// after a detach with no wait in between.
struct UnwaitedExit {
  /// The `return` of main, its closing brace, or the exit-like call.
  SourceLocation ExitLoc;
  /// "return" for main's return or its end, else the function called.
  std::string How;
  /// The first thread that may still run, and where the path detached it
  /// (the detach, or the call in the analysed function that leads to it).
  const SpawnSite *Thread;
  SourceLocation DetachedAt;
  /// A sleep on the path after the detach, which is not a wait.
  SourceLocation SleepLoc;
  const FunctionDecl *Sleep = nullptr;
};

/// The exit points of \p Main, and of the functions only \p Main calls,
/// that a path reaches after one of \p Threads was detached with no wait
/// (Waits.def, pthread_exit, a visible callee that waits) in between.
/// Each exit point is reported once.
std::vector<UnwaitedExit>
unwaitedExits(const FunctionDecl *Main,
              llvm::ArrayRef<const SpawnSite *> Threads, CallerIndex &Callers);

/// A function installed as a signal handler, and where.
struct SignalHandler {
  const FunctionDecl *Handler;
  SourceLocation InstalledAt;
};

/// The functions the translation unit installs with signal() or by
/// assigning a sigaction's sa_handler/sa_sigaction.
std::vector<SignalHandler> signalHandlers(ASTContext &Ctx);

/// Whether \p Callee ends the process: exit, std::exit, quick_exit, _Exit,
/// _exit.
bool isExitCall(const FunctionDecl *Callee);

} // namespace clang::tidy::daemon

#endif
