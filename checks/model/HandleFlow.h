//===-- HandleFlow.h - joins and detaches of C thread handles ---*- C++ -*-===//
//
// A path-sensitive forward analysis over one function's CFG that follows
// each local `pthread_t` / `thrd_t` handle from its `pthread_create` /
// `thrd_create` to its joins and detaches, and each local `pthread_attr_t`
// from its initialisation to the creates that use it.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_HANDLEFLOW_H
#define DAEMON_TIDY_MODEL_HANDLEFLOW_H

#include "ThreadOps.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <vector>

namespace clang::tidy::daemon {

/// Why a thread handle can no longer be joined or detached.
enum class HandleEnd {
  /// `pthread_join` / `thrd_join` on the handle.
  Joined,
  /// `pthread_detach` / `thrd_detach` on the handle.
  Detached,
  /// Created with an attribute set to PTHREAD_CREATE_DETACHED.
  CreatedDetached,
  /// The entry calls `pthread_detach(pthread_self())` or
  /// `thrd_detach(thrd_current())`.
  DetachesItself,
  /// The create that should have set it failed: it holds no thread.
  CreationFailed,
};

/// A join or detach of a handle that was already joined or detached (or
/// never created) on at least one path reaching the call.
struct HandleMisuse {
  /// The offending `pthread_join`, `pthread_detach`, `thrd_join` or
  /// `thrd_detach`, or a call of a function that joins or detaches the
  /// handle it is given.
  const CallExpr *Call;
  /// The handle, or the array of a family of handles; null for the thread
  /// that runs the function (`pthread_self()`, `thrd_current()`).
  const VarDecl *Handle;
  /// Whether Handle is an array walked by index loops (a family).
  bool Family = false;
  ThreadOp Op = ThreadOp::Join;
  /// For a call of a function that joins or detaches the handle it is
  /// given: where it does.
  SourceLocation Inner;
  /// Why the handle had ended on the witness path.
  HandleEnd Reason;
  /// Where: the earlier join or detach, the creating call (CreatedDetached,
  /// CreationFailed), or the self-detach inside the entry (DetachesItself).
  SourceLocation Cause;
  /// The attribute, for CreatedDetached.
  const VarDecl *Attribute = nullptr;
  /// The entry, for DetachesItself.
  const FunctionDecl *Entry = nullptr;
  /// True when the handle had ended on every path reaching the call.
  bool OnEveryPath = false;
};

/// A `pthread_attr_setdetachstate` on an attribute that already created a
/// thread and creates none after it: it changes nothing.
struct LateDetachState {
  const CallExpr *Call;
  const VarDecl *Attribute;
  /// The `pthread_create` that used the attribute before.
  SourceLocation UsedAt;
};

/// What the analysis of one function finds.
struct HandleFindings {
  std::vector<HandleMisuse> Misuses;
  std::vector<LateDetachState> LateDetachStates;
};

/// Runs the analysis over the body of \p Fn.
///
/// Followed are local handles and attributes whose every use the analysis
/// understands: `&tid` as pthread_create's first argument, `tid` passed by
/// value to a join, detach, cancel or kill, or to any other function (a
/// copy cannot change the handle; a function that joins or detaches its
/// parameter, paramThreadOps(), counts as that join or detach), `&attr`
/// passed to pthread_create or a `pthread_attr_*` function. So are families
/// of handles in a local array that index loops over one range create
/// (`&arr[i]`, `arr + i`) and join or detach (`arr[i]`), and the thread that
/// runs the function (`pthread_self()`, `thrd_current()`). A handle or
/// attribute used in any other way (stored, its address taken elsewhere)
/// is not followed. On the edge of a branch where a create's result says it
/// failed, the handle holds no thread. A join or detach that meets an ended
/// handle on some paths only is reported when no `if`, `switch`, `?:`, `&&`
/// or `||` guards it.
HandleFindings findHandleMisuses(const FunctionDecl &Fn, ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
