//===-- ExitPaths.h - where the process ends with threads running -*- C++ -*-=//

#ifndef DAEMON_TIDY_MODEL_EXITPATHS_H
#define DAEMON_TIDY_MODEL_EXITPATHS_H

#include "Analysis.h"
#include "Origins.h"
#include "ThreadModel.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <deque>
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

/// What the exit analysis of main finds.
struct ExitFindings {
  /// The threads detached in other files that main's calls reach; the
  /// exits below may refer to them.
  std::deque<SpawnSite> ThreadsElsewhere;
  std::vector<UnwaitedExit> Exits;
};

/// The exit points of \p Main, and of the functions only \p Main calls,
/// that a path reaches after one of \p Threads, or a thread that the
/// functions \p Main calls detach in other files, was detached with no wait
/// (Waits.def, pthread_exit, a callee that waits, a loop that polls a flag
/// the thread sets as its last act) in between. Each exit point is
/// reported once. A callee that detaches only when it returns some
/// constants leaves its threads running only on the branches of main that
/// its result can reach.
ExitFindings unwaitedExits(const FunctionDecl *Main,
                           llvm::ArrayRef<const SpawnSite *> Threads,
                           TUAnalysis &Analysis);

/// The integer constants \p F returns on paths where \p DetachesAt (a call
/// or construction of \p F) was reached; none when some such path returns
/// something else, or no such path returns a value.
std::optional<llvm::SmallVector<int64_t, 2>>
detachingReturns(const FunctionDecl &F,
                 llvm::function_ref<bool(const Expr *)> DetachesAt);

/// The variables with static storage that \p F writes as its last act on
/// every normal path: the last statement of its body is an assignment (or
/// an atomic store) to them, and it has no other return.
llvm::SmallVector<const VarDecl *, 1> lastActWrites(const FunctionDecl &F);

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

/// The calls and constructions in \p Body, outside lambda bodies, in source
/// order.
void collectCalls(const Stmt *Body, llvm::SmallVectorImpl<const Expr *> &Out);

/// The function a call or construction \p E in \p Context runs, if known.
const FunctionDecl *calleeOf(const Expr *E, const FunctionDecl *Context);

} // namespace clang::tidy::daemon

#endif
