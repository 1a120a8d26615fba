//===-- ThreadObjectExprs.h - expressions over thread objects ---*- C++ -*-===//
//
// How the joinability analysis reads expressions: which thread object an
// expression names, which it moves from, what state a construction gives,
// and the join, detach and joinable() calls on a variable.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_THREADOBJECTEXPRS_H
#define DAEMON_TIDY_MODEL_THREADOBJECTEXPRS_H

#include "JoinabilityFacts.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace clang::tidy::daemon {

/// \p E without parentheses and no-op implicit casts.
const Expr *skipTransparent(const Expr *E);

/// \p E without implicit nodes, parentheses and functional casts.
const Expr *skipTemporaries(const Expr *E);

/// Whether objects of type \p T are followed: thread objects, and with
/// \p Containers also containers of std::thread and owners of one
/// (std::unique_ptr, std::optional).
bool isTrackedType(QualType T, bool Containers);

/// The thread object \p E denotes, when the analysis can follow it: a local
/// variable or parameter held by value, or a member of `this`.
const ValueDecl *trackedObject(const Expr *E, bool Containers = false);

/// If \p E is `std::move(X)` (or a cast of X to an rvalue reference) for a
/// tracked thread object X, returns X.
const ValueDecl *movedObject(const Expr *E);

/// Whether \p Method inserts into a std::vector, deque, list or
/// forward_list: those always take the element.
bool isSequenceInserter(const CXXMethodDecl *Method);

/// The state of a thread object initialised from \p Init, when it is evident
/// from the expression: constructed with a callable, or default-constructed.
std::optional<ObjectFact> constructedState(const Expr *Init,
                                           SourceLocation Where);

/// The state of a container of threads initialised from \p Init: empty or
/// holding default-constructed threads unless its initialiser lists
/// elements.
std::optional<ObjectFact> containerInitState(const Expr *Init,
                                             SourceLocation Where);

/// The state of an owner of a std::thread (std::unique_ptr, std::optional)
/// initialised or assigned from \p Init: empty, or holding a thread it
/// makes (`std::make_unique<std::thread>(f)`, `new std::thread(f)`,
/// `std::thread(f)`, `std::in_place` with a callable).
std::optional<ObjectFact> ownerInitState(const Expr *Init,
                                         SourceLocation Where);

/// The state of \p Obj (a thread object, a container of threads or an
/// owner of one) initialised from \p Init.
std::optional<ObjectFact> initialState(const ValueDecl *Obj, const Expr *Init,
                                       SourceLocation Where);

/// Calls \p Visit on each statement that runs on every trip round the loop
/// body \p Body, in order, until it returns false: the statements of the
/// body and of blocks in it, and those under an `if` without `else` or
/// initialiser that \p IsGuard accepts (the guard's statement itself is not
/// visited).
void forEveryTripStatement(const Stmt *Body,
                           llvm::function_ref<bool(const IfStmt &)> IsGuard,
                           llvm::function_ref<bool(const Stmt *)> Visit);

/// Whether \p E calls `joinable()` on the variable \p Var.
bool isJoinableTestOf(const Expr *E, const VarDecl *Var);

/// The `join()` or `detach()` called on \p Var in \p S, if any.
const CXXMemberCallExpr *findJoinOrDetachOf(const Stmt *S, const VarDecl *Var);

} // namespace clang::tidy::daemon

#endif
