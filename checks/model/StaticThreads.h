//===-- StaticThreads.h - threads with static storage -----------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_STATICTHREADS_H
#define DAEMON_TIDY_MODEL_STATICTHREADS_H

#include "clang/AST/ASTContext.h"
#include <vector>

namespace clang::tidy::daemon {

/// A std::thread with static storage duration that is started and never
/// joined or detached in the translation unit: it is destroyed at exit
/// while joinable.
struct UnjoinedStaticThread {
  const VarDecl *Var;
  /// Its initialisation, or the assignment that starts it.
  SourceLocation Started;
};

/// The static std::thread objects, and built-in arrays of them, of the
/// translation unit (namespace scope, static members, function-local
/// statics) that are started (by their initializer or an assignment, to an
/// element `Threads[I]` or through a range-for reference) and never joined
/// or detached. A thread used in any other way (passed by reference,
/// moved, its address taken) is left out.
std::vector<UnjoinedStaticThread> findUnjoinedStaticThreads(ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
