//===-- JoinableLosses.h - std::thread objects lost while joinable -*- C++ -*-//
//
// Where a joinable std::thread (or a container that may hold one) is
// destroyed or overwritten, which calls std::terminate.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_JOINABLELOSSES_H
#define DAEMON_TIDY_MODEL_JOINABLELOSSES_H

#include "clang/AST/Decl.h"
#include <vector>

namespace clang::tidy::daemon {

class ExceptionModel;

/// How a joinable std::thread, or a container that may hold one, is lost.
enum class LossKind {
  /// Its scope ends (end of block, return, break) while it is joinable.
  ScopeEnd,
  /// An exception leaves its scope while it is joinable.
  Exception,
  /// It is move-assigned to while joinable.
  Assignment,
  /// Its owner's destructor ends while it is joinable.
  OwnerDestroyed,
};

/// A point where std::terminate is called because a std::thread is still
/// joinable on at least one feasible path.
struct JoinableLoss {
  LossKind Kind;
  /// The local variable or member of `this` (a thread or a container of
  /// threads).
  const ValueDecl *Object;
  /// The scope end or return, the throwing call or `throw`, the assignment,
  /// or the end of the destructor.
  SourceLocation Where;
  /// For Exception: the function whose call throws; null for a `throw`.
  const FunctionDecl *Thrower = nullptr;
  /// Where it became joinable on the witness path, when known.
  SourceLocation Started;
};

/// Where the std::thread locals of \p Fn, and the containers of std::thread
/// among them, may be destroyed while joinable, on normal paths and (with
/// \p Exceptions) on exception paths; and where a local or a member of
/// `this` is assigned to while joinable. In source order. An exception caught
/// in \p Fn by a handler that joins, detaches or carries on does not count.
/// Objects that escape are dropped, as for findNonJoinableCalls.
std::vector<JoinableLoss> findJoinableLosses(const FunctionDecl &Fn,
                                             ASTContext &Ctx,
                                             ExceptionModel &Exceptions);

} // namespace clang::tidy::daemon

#endif
