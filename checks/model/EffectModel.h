//===-- EffectModel.h - what code does, and by which chain ------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_EFFECTMODEL_H
#define DAEMON_TIDY_MODEL_EFFECTMODEL_H

#include "ApiTables.h"
#include "Functions.h"
#include "ProjectIndex.h"
#include "StoredCallables.h"
#include "ThreadModel.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>

namespace clang::tidy::daemon {

/// How a thread reaches an effect of one kind: the shortest chain from its
/// entry to the first effect, and how many effects of that kind it reaches.
struct EffectPath {
  FuncRef Entry;
  std::vector<CallStep> Chain;
  FuncRef Performer;
  Effect Leaf;
  unsigned Count;
};

/// Cleanup that a detached thread relies on and that does not run when the
/// process exits first (SPEC §7).
struct Reliance {
  enum KindOf { LocalDestructor, CleanupHandler, ThreadLocal } Kind;
  FuncRef Entry;
  /// The chain from the entry to the function that holds the object or
  /// pushes the handler.
  std::vector<CallStep> Chain;
  FuncRef Holder;
  /// The local or thread_local whose destructor runs, or the handler.
  NameRef Object;
  /// The destructor or handler that would have run.
  NameRef Cleanup;
  SourceLocation Loc;
  /// The kind of effect the cleanup performs (its first one).
  EffectKind Effect;
};

/// Something a thread reaches (SPEC §5, §7): the use of an object destroyed
/// at exit, output to stdout/stderr, a call of exit(); and the chain to it.
struct Reach {
  FuncRef Entry;
  /// The chain from the entry to the function where it happens.
  std::vector<CallStep> Chain;
  FuncRef In;
  /// The object used, or the function called.
  NameRef What;
  SourceLocation Loc;
  /// For a static: how diagnostics name it, and where it is declared.
  std::string StaticName;
  SourceLocation Declared;
};

/// Whether \p Var has static storage duration and a destructor that runs at
/// exit: not thread_local, not a reference, not `[[clang::no_destroy]]`,
/// not trivially destructible as the TU declares its type, and not declared
/// in a system header (the standard streams and their kind).
bool isDestroyedAtExit(const VarDecl *Var, const ASTContext &Ctx);

/// What one function does directly: its effects and its calls (explicit
/// and implicit), in source order, each keyed by what it stands for (an AST
/// node, or a fact of the index), for a function of this translation unit or
/// of the index alike.
struct FunctionEffects {
  struct Item {
    Item(const void *Origin, SourceLocation Loc) : Origin(Origin), Loc(Loc) {}
    /// The Stmt (call, construction, temporary), the VarDecl whose
    /// destructor runs, or the index's fact.
    const void *Origin;
    SourceLocation Loc;
    std::optional<Effect> Performs;
    FuncRef Callee;
    /// The object whose destructor the call or effect is.
    NameRef Destroyed;
    /// Destroyed is a local variable, destroyed at its scope's end.
    bool DestroysLocal = false;
    /// An object with static storage destroyed at exit that the item uses,
    /// and where it is declared.
    NameRef UsesStatic;
    SourceLocation StaticDeclared;
    /// Output to stdout or stderr, through this API.
    NameRef Prints;
    /// A call of exit() that ends the whole process from this thread.
    NameRef Exits;
    /// Callee is what another file passes to be stored (a work queue's
    /// task): found through the index, so not part of this file's summary.
    bool PassedElsewhere = false;
  };
  /// A thread_local object with a destructor that the function uses.
  struct ThreadLocalUse {
    NameRef Var;
    SourceLocation Loc;
    /// Its destructor, and the effect a table knows it to have.
    NameRef Cleanup;
    std::optional<EffectKind> Direct;
    /// The destructor to look into when no table knows it.
    FuncRef Destructor;
  };
  std::vector<Item> Items;
  /// Completion signals: origin, and whether it fires at thread exit.
  std::vector<std::pair<const void *, bool>> Signals;
  /// pthread_cleanup_push handlers: the handler and where it was pushed.
  std::vector<std::pair<FuncRef, SourceLocation>> Handlers;
  std::vector<ThreadLocalUse> ThreadLocals;
};

/// Memoized per-function summaries of what code does (effects, calls,
/// completion signals), computed lazily from the functions a thread
/// reaches. Calls into system headers are not followed; the API tables
/// decide which of them are effects. Calls of functions defined in other
/// translation units continue into the whole-program index, if there is
/// one.
class EffectModel {
public:
  EffectModel(ASTContext &Ctx, ApiTables Tables, ProjectView &View,
              CallerIndex &Callers);
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

  /// Every call of exit() or std::exit() on a thread started at \p Site,
  /// each once, with the shortest chain to it.
  std::vector<Reach> findExitCalls(const SpawnSite &Site);

  /// Whether a thread started at \p Site does work that is lost when it is
  /// killed (SPEC §7 "Exit"): an effect, output to stdout or stderr, a use
  /// of an object destroyed at exit, or cleanup with an effect. Completion
  /// signals do not count here: only a wait by the creator would.
  bool doesObservableWork(const SpawnSite &Site);

  /// Whether \p Entry carries `annotate("daemon::discardable")`.
  static bool isDiscardable(FuncRef Entry);

  /// Whether \p F signals completion, itself or through the calls it
  /// makes.
  bool signals(FuncRef F);

  /// What \p F does directly.
  const FunctionEffects &effectsOf(FuncRef F);

  /// The calls of stored callables, resolved.
  StoredCallables &storedCallables() { return Stored; }

  /// The items of \p Entry (of this translation unit) that a completion
  /// signal of its own covers.
  const llvm::DenseSet<const void *> &coveredIn(FuncRef Entry);

  /// What findReach() looks for.
  enum class ReachKind { StaticUse, Output, ExitCall };

private:
  /// The first kind of effect \p F performs, itself or through calls.
  std::optional<EffectKind> effectOf(FuncRef F);
  /// \p Own(summary of \p F) if it is set, else the first set value of
  /// \p F's callees in call order, memoized in \p Memo. Depth-first with an
  /// explicit stack, as call chains are as deep as the program; a function
  /// already on the path counts as unset.
  template <typename T, typename OwnFn>
  T firstOverCalls(FuncRef F, llvm::DenseMap<FuncRef, T> &Memo, OwnFn Own);
  std::optional<Reliance> findRelianceFrom(FuncRef Entry);
  /// The first thing of kind \p Wanted that \p Entry reaches from \p From;
  /// with \p All, every one, into \p All.
  std::optional<Reach> findFrom(FuncRef Entry, SourceLocation From,
                                ReachKind Wanted,
                                std::vector<Reach> *All = nullptr);
  /// The first thing of kind \p Wanted in what a thread started at \p Site
  /// runs; a thread that detaches itself counts from its detach.
  std::optional<Reach> findReach(const SpawnSite &Site, ReachKind Wanted,
                                 std::vector<Reach> *All = nullptr);
  std::optional<EffectPath> findFromEntry(FuncRef Entry, EffectKind K);
  void buildLocal(const FunctionDecl *F, FunctionEffects &Out);
  void buildIndexed(const FunctionSummary &F, FunctionEffects &Out);
  void coverLocal(const FunctionDecl &Entry, const FunctionEffects &S,
                  llvm::DenseSet<const void *> &Covered);
  void coverIndexed(const FunctionSummary &Entry,
                    llvm::DenseSet<const void *> &Covered);

  ASTContext &Ctx;
  ApiTables Tables;
  ProjectView &View;
  StoredCallables Stored;
  llvm::DenseMap<FuncRef, std::unique_ptr<FunctionEffects>> Summaries;
  llvm::DenseMap<FuncRef, std::unique_ptr<llvm::DenseSet<const void *>>>
      Coverages;
  llvm::DenseMap<FuncRef, bool> Signalling;
  llvm::DenseMap<FuncRef, std::optional<EffectKind>> Effects;
  /// While set, completion signals cover nothing (doesObservableWork).
  bool IgnoreSignals = false;
};

} // namespace clang::tidy::daemon

#endif
