//===-- SelfDetaches.h - entries that detach their own thread ---*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_SELFDETACHES_H
#define DAEMON_TIDY_MODEL_SELFDETACHES_H

#include "clang/AST/Decl.h"

namespace clang::tidy::daemon {

/// Where \p F detaches the thread that runs it on every path: a
/// `pthread_detach(pthread_self())` or `thrd_detach(thrd_current())` in its
/// outermost block (or in the condition of an `if` or the initialiser of a
/// variable there), before any statement that may return; or there, a call
/// of a function that does so itself, or that detaches the handle it is
/// given (`detach(thrd_current())`). Invalid when it does not.
SourceLocation selfDetachIn(const FunctionDecl *F);

} // namespace clang::tidy::daemon

#endif
