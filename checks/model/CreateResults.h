//===-- CreateResults.h - branches on a thread creation's result -*- C++
//-*-===//

#ifndef DAEMON_TIDY_MODEL_CREATERESULTS_H
#define DAEMON_TIDY_MODEL_CREATERESULTS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::daemon {

/// A branch condition that tests whether a `pthread_create` or
/// `thrd_create` succeeded.
struct CreateTest {
  const CallExpr *Create;
  /// Whether the condition is true when the creation failed.
  bool FailsWhenTrue;
};

/// What \p Cond, a branch condition in \p Context, tests of a create's
/// result: the call itself (`if (pthread_create(...))`, `!pthread_create(...)`)
/// or a local initialised from it and never written again, compared with 0
/// or `thrd_success` by `==` or `!=`. None for anything else.
std::optional<CreateTest> createTestOf(const Expr *Cond,
                                       const FunctionDecl &Context);

} // namespace clang::tidy::daemon

#endif
