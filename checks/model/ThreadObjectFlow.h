//===-- ThreadObjectFlow.h - joinability of thread objects ------*- C++ -*-===//
//
// A path-sensitive forward analysis over one function's CFG that tracks,
// for each thread object (local variable, by-value parameter, or member of
// `this`), whether it is joinable. It answers two questions: which
// join()/detach() calls meet a thread that is not joinable, and where a
// std::thread (or a container of them) may be destroyed or overwritten
// while joinable.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_THREADOBJECTFLOW_H
#define DAEMON_TIDY_MODEL_THREADOBJECTFLOW_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include <vector>

namespace clang::tidy::daemon {

/// What a call does to a thread object's joinability.
enum class ThreadOp { Join, Detach };

/// Why a thread object is not joinable.
enum class NotJoinableReason {
  Joined,
  Detached,
  MovedFrom,
  DefaultConstructed
};

/// A `join()` or `detach()` on a thread object that is not joinable on at
/// least one feasible path reaching the call, or a call of a member function
/// that joins or detaches a member thread that is not.
struct NonJoinableCall {
  const CXXMemberCallExpr *Call;
  ThreadOp Op;
  /// The variable or member the call acts on.
  const ValueDecl *Object;
  /// Why it is not joinable on the witness path.
  NotJoinableReason Reason;
  /// Where it stopped being joinable on the witness path: the earlier
  /// join/detach, the `std::move`, or the default construction.
  SourceLocation Cause;
  /// True when the object is not joinable on every path reaching the call.
  bool OnEveryPath;
  /// True when the call is a statement of its own in a block.
  bool IsStatement;
  /// For a call of a member function that joins or detaches a member
  /// thread: the local object it is called on (null for `this`), and the
  /// join() or detach() inside the member function.
  const VarDecl *Owner = nullptr;
  SourceLocation Inner;
};

/// Runs the analysis over the body of \p Fn.
///
/// A call of a non-const member function on `this` or on a local object
/// used only for such calls is inlined when the function's body is visible
/// and it cannot be overridden (not virtual, or final): a join() or detach()
/// of a member thread that it runs on every path counts as made at the call;
/// one under `if (T.joinable())` ends the thread without meeting an ended
/// one. Any other member function forgets the object's member threads.
///
/// Objects whose joinability cannot be followed (their address escapes, they
/// are passed by non-const reference, captured by reference, or come from an
/// unknown call) are dropped, so the result errs on the side of silence.
/// Branch conditions over local scalars that are tested more than once are
/// assumed to keep their value unless a variable they read is written in
/// between. \p Fn must be a concrete function, not a template pattern: a
/// pattern's CFG joins `if constexpr` branches no instantiation takes
/// together.
std::vector<NonJoinableCall> findNonJoinableCalls(const FunctionDecl &Fn,
                                                  ASTContext &Ctx);

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
/// \p Exceptions, SPEC §7 "can throw") on exception paths; and where a
/// local or a member of `this` is assigned to while joinable. An exception
/// caught in \p Fn by a handler that joins, detaches or carries on does not
/// count. Objects that escape are dropped, as for findNonJoinableCalls.
std::vector<JoinableLoss> findJoinableLosses(const FunctionDecl &Fn,
                                             ASTContext &Ctx,
                                             ExceptionModel &Exceptions);

/// The std::thread members (and containers of them) of the classes of the
/// translation unit that may still be joinable when their owner is
/// destroyed: a constructor or member function leaves them joinable on some
/// path, and the destructor (user-declared or implicit) ends with them
/// joinable on every path. Calls of member functions with visible bodies
/// are followed. Members named outside their class's own member functions,
/// or whose state cannot be followed, are dropped. Each result is an
/// OwnerDestroyed loss at the destructor (an invalid location for an
/// implicit one), with where the member was started.
std::vector<JoinableLoss> findJoinableMembers(ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
