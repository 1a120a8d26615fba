//===-- Daemonizing.h - stdio left attached after daemonizing ---*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_DAEMONIZING_H
#define DAEMON_TIDY_MODEL_DAEMONIZING_H

#include "Functions.h"
#include "Stdio.h"
#include <memory>
#include <vector>

namespace clang::tidy::daemon {

/// How a process leaves its terminal session with stdio still attached.
enum class DaemonizeKind {
  /// `daemon(nochdir, noclose)` with a non-zero constant `noclose`.
  DaemonNoclose,
  /// `daemon(nochdir, noclose)` with a `noclose` that is not a constant.
  DaemonUnknownNoclose,
  /// A `fork()` child that calls `setsid()`.
  ForkSetsid,
};

/// A daemonizing call and the writes to a still-attached stdout or stderr
/// on the paths after it (SPEC §7 "Daemonizing").
struct DaemonizedOutput {
  DaemonizeKind Kind;
  /// The `daemon()` or `fork()` call.
  const CallExpr *Call;
  /// For a fork child, its `setsid()` call on the path to the first write.
  const CallExpr *Setsid = nullptr;
  /// The function that makes the daemonizing call.
  const FunctionDecl *Function;
  /// The chain from \p Function to \p Performer (empty when the write is in
  /// \p Function itself).
  std::vector<CallStep> Chain;
  const FunctionDecl *Performer;
  /// The first write, in the order of the function's control flow.
  StdioWrite First;
  /// The next write, if any, and how many writes there are in all.
  const Expr *Next = nullptr;
  unsigned Count = 1;
};

/// Finds, for each daemonizing call of a translation unit, the writes to
/// stdout or stderr that reach a descriptor no redirect or close has
/// detached from the terminal. Summaries of the visible callees are
/// memoized across calls.
class DaemonizingModel {
public:
  explicit DaemonizingModel(ASTContext &Ctx);
  ~DaemonizingModel();

  /// Every daemonizing call of the translation unit that reaches such a
  /// write.
  std::vector<DaemonizedOutput> daemonizedOutputs();

  class Impl;

private:
  std::unique_ptr<Impl> Self;
};

} // namespace clang::tidy::daemon

#endif
