//===-- HandleApis.h - the C calls on thread handles ------------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_HANDLEAPIS_H
#define DAEMON_TIDY_MODEL_HANDLEAPIS_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::daemon {

/// What a call does to the `pthread_t` / `thrd_t` handle in its first
/// argument.
enum class HandleOp { Create, Join, Detach, Harmless };

/// One C thread API that takes a handle first.
struct HandleApi {
  llvm::StringRef Name;
  HandleOp Op;
  /// Position of the entry (Create only).
  unsigned EntryIndex;
};

/// The handle API \p Call calls, if it is one: pthread_create, thrd_create,
/// the joins and detaches, and calls that leave the handle joinable
/// (pthread_cancel, pthread_kill, pthread_equal, ...).
const HandleApi *handleApi(const CallExpr *Call);

/// Whether \p E is a call of `pthread_self()` or `thrd_current()`.
bool isCurrentThreadCall(const Expr *E);

/// Where a call names its callee: `pthread_join` in `pthread_join(t, 0)`.
SourceLocation calleeNameLoc(const CallExpr *Call);

} // namespace clang::tidy::daemon

#endif
