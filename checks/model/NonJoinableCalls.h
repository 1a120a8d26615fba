//===-- NonJoinableCalls.h - join/detach of ended threads -------*- C++ -*-===//
//
// Which join() and detach() calls (and calls of member functions that join
// or detach a member thread) meet a thread object that is not joinable.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_NONJOINABLECALLS_H
#define DAEMON_TIDY_MODEL_NONJOINABLECALLS_H

#include "ThreadOps.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include <vector>

namespace clang::tidy::daemon {

/// A `join()` or `detach()` on a thread object that is not joinable on at
/// least one feasible path reaching the call, a call of a member function
/// that joins or detaches a member thread that is not, or a call of a
/// function that joins or detaches the thread object it is given.
struct NonJoinableCall {
  const CallExpr *Call;
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
  /// thread: the local object it is called on (null for `this`). For that
  /// and for a function that joins or detaches what it is given: the
  /// join() or detach() inside it.
  const VarDecl *Owner = nullptr;
  SourceLocation Inner;
};

/// Runs the joinability analysis over the body of \p Fn for its
/// non-joinable calls.
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

} // namespace clang::tidy::daemon

#endif
