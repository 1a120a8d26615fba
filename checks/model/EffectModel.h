//===-- EffectModel.h - what code does, and by which chain ------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_EFFECTMODEL_H
#define DAEMON_TIDY_MODEL_EFFECTMODEL_H

#include "ApiTables.h"
#include "Functions.h"
#include "ThreadModel.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>

namespace clang::tidy::daemon {

/// How a thread reaches an effect of one kind: the shortest chain from its
/// entry to the first effect, and how many effects of that kind it reaches.
struct EffectPath {
  const FunctionDecl *Entry;
  std::vector<CallStep> Chain;
  const FunctionDecl *Performer;
  Effect Leaf;
  unsigned Count;
};

/// Cleanup that a detached thread relies on and that does not run when the
/// process exits first (SPEC §7).
struct Reliance {
  enum KindOf { LocalDestructor, CleanupHandler, ThreadLocal } Kind;
  const FunctionDecl *Entry;
  /// The chain from the entry to the function that holds the object or
  /// pushes the handler.
  std::vector<CallStep> Chain;
  const FunctionDecl *Holder;
  /// The local or thread_local whose destructor runs, or the handler.
  const NamedDecl *Object;
  /// The destructor or handler that would have run.
  const NamedDecl *Cleanup;
  SourceLocation Loc;
  /// The kind of effect the cleanup performs (its first one).
  EffectKind Effect;
};

/// Something a thread reaches (SPEC §5, §7): the use of an object destroyed
/// at exit, output to stdout/stderr, a call of exit(); and the chain to it.
struct Reach {
  const FunctionDecl *Entry;
  /// The chain from the entry to the function where it happens.
  std::vector<CallStep> Chain;
  const FunctionDecl *In;
  /// The object used, or the function called.
  const NamedDecl *What;
  SourceLocation Loc;
};

/// Whether \p Var has static storage duration and a destructor that runs at
/// exit: not thread_local, not a reference, not `[[clang::no_destroy]]`,
/// not trivially destructible as the TU declares its type, and not declared
/// in a system header (the standard streams and their kind).
bool isDestroyedAtExit(const VarDecl *Var, const ASTContext &Ctx);

/// Memoized per-function summaries of what code does (effects, calls,
/// completion signals), computed lazily from the functions a thread
/// reaches. Calls into system headers are not followed; the API tables
/// decide which of them are effects.
class EffectModel {
public:
  EffectModel(ASTContext &Ctx, ApiTables Tables);
  ~EffectModel();

  /// The first effect of kind \p K that a thread started at \p Site reaches
  /// and that no completion signal of its entry covers (SPEC §7: a signal
  /// on every normal path after the effect).
  std::optional<EffectPath> findEffect(const SpawnSite &Site, EffectKind K);

  /// The first cleanup with an effect that a thread started at \p Site
  /// relies on: a local's destructor on the thread's stack, a
  /// pthread_cleanup_push handler, a used thread_local's destructor; unless
  /// a completion signal of the entry covers it.
  std::optional<Reliance> findReliance(const SpawnSite &Site);

  /// The first object destroyed at exit that a thread started at \p Site
  /// uses, unless a completion signal of the entry comes after the use; a
  /// thread that detaches itself is judged from its detach on.
  std::optional<Reach> findStaticUse(const SpawnSite &Site);

  /// The first output to stdout or stderr of a thread started at \p Site.
  std::optional<Reach> findOutput(const SpawnSite &Site);

  /// The first call of exit() or std::exit() on a thread started at \p Site.
  std::optional<Reach> findExitCall(const SpawnSite &Site);

  /// Whether a thread started at \p Site does work that is lost when it is
  /// killed (SPEC §7 "Exit"): an effect, output to stdout or stderr, a use
  /// of an object destroyed at exit, or cleanup with an effect.
  bool doesObservableWork(const SpawnSite &Site);

  /// Whether \p Entry carries `annotate("daemon::discardable")`.
  static bool isDiscardable(const FunctionDecl *Entry);

  /// Whether \p F signals completion, itself or through the calls it
  /// makes.
  bool signals(const FunctionDecl *F);

  struct Summary;
  struct Coverage;
  /// What findReach() looks for.
  enum class ReachKind { StaticUse, Output, ExitCall };

private:
  const Summary &summaryOf(const FunctionDecl *F);
  const Coverage &coverageOf(const FunctionDecl *Entry);
  /// The first kind of effect \p F performs, itself or through calls.
  std::optional<EffectKind> effectOf(const FunctionDecl *F);
  /// \p Own(summary of \p F) if it is set, else the first set value of
  /// \p F's callees in call order, memoized in \p Memo. Depth-first with an
  /// explicit stack, as call chains are as deep as the program; a function
  /// already on the path counts as unset.
  template <typename T, typename OwnFn>
  T firstOverCalls(const FunctionDecl *F,
                   llvm::DenseMap<const FunctionDecl *, T> &Memo, OwnFn Own);
  std::optional<Reliance> findRelianceFrom(const FunctionDecl *Entry);
  std::optional<Reach> findFrom(const FunctionDecl *Entry, SourceLocation From,
                                ReachKind Wanted);
  /// The first thing of kind \p Wanted in what a thread started at \p Site
  /// runs; a thread that detaches itself counts from its detach.
  std::optional<Reach> findReach(const SpawnSite &Site, ReachKind Wanted);
  std::optional<EffectPath> findFromEntry(const FunctionDecl *Entry,
                                          EffectKind K);

  ASTContext &Ctx;
  ApiTables Tables;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Summary>> Summaries;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Coverage>> Coverages;
  llvm::DenseMap<const FunctionDecl *, bool> Signalling;
  llvm::DenseMap<const FunctionDecl *, std::optional<EffectKind>> Effects;
};

} // namespace clang::tidy::daemon

#endif
