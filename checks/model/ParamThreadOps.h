//===-- ParamThreadOps.h - functions that end the thread they get -*- C++ -*-//
//
// A function that joins or detaches a thread object or handle it receives
// is summarised once, as a fact of the function alone: callers then treat
// `stop(T)` like the `T.join()` inside it.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_PARAMTHREADOPS_H
#define DAEMON_TIDY_MODEL_PARAMTHREADOPS_H

#include "ThreadOps.h"
#include "clang/Basic/SourceLocation.h"
#include <vector>

namespace clang {
class CallExpr;
class FunctionDecl;
class ParmVarDecl;

namespace tidy::daemon {

/// A join or detach that a function makes of its parameter ParamIndex:
/// `void stop(std::thread &T) { T.join(); }`,
/// `static void detach(thrd_t T) { thrd_detach(T); }`. It holds no AST
/// node, so that it can be written into a summary and read back.
struct ParamThreadOp {
  unsigned ParamIndex;
  ThreadOp Op;
  /// True when the call runs on every path through the function that
  /// returns (for a Guarded one: on every such path on which the thread is
  /// joinable). False when it may run or not, or when the function ends
  /// the thread in more than one place: a caller cannot tell the thread's
  /// state after the call.
  bool OnEveryPath;
  /// True when it runs only under `if (T.joinable())`: it never meets a
  /// thread that is not joinable.
  bool Guarded;
  /// The join or detach, or the call that hands the parameter on to a
  /// function that joins or detaches it.
  SourceLocation Loc;
};

/// What \p F (its visible definition) does to its parameters that are
/// thread objects passed by non-const reference or pointer, or `pthread_t`
/// / `thrd_t` handles (by value, reference or pointer): one entry per such
/// parameter that it joins or detaches, directly or through calls of
/// functions that do (found through followable(), so the same fact can
/// come from another translation unit's summary).
///
/// A thread object parameter gets an entry only when every use of it is
/// understood: join(), detach(), joinable(), get_id(), or passing it to a
/// function that has an entry for it or takes it by const reference.
/// Anything else (a move, an assignment, its address stored) gives no
/// entry: the caller must then treat the object as escaping. A handle
/// passed by value cannot be changed by the callee, so its other uses do
/// not matter; one by reference or pointer needs understood uses too.
std::vector<ParamThreadOp> paramThreadOps(const FunctionDecl &F);

/// The parameter of \p Callee that argument \p ArgIndex of \p Call binds
/// (an overloaded operator's object is argument 0 and binds none); null
/// for a variadic argument.
const ParmVarDecl *paramForArgument(const CallExpr &Call,
                                    const FunctionDecl &Callee,
                                    unsigned ArgIndex);

/// The entry of \p Ops for parameter \p ParamIndex, if there is one.
const ParamThreadOp *findParamThreadOp(const std::vector<ParamThreadOp> &Ops,
                                       unsigned ParamIndex);

} // namespace tidy::daemon
} // namespace clang

#endif
