//===-- JoinabilityFlow.h - the joinability analysis of a function -*- C++ -*-//
//
// The engine that NonJoinableCalls, JoinableLosses and JoinableMembers
// share: a path-sensitive forward analysis over one function's CFG that
// tracks, for each thread object (local variable, by-value parameter, or
// member of `this`), whether it is joinable.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_JOINABILITYFLOW_H
#define DAEMON_TIDY_MODEL_JOINABILITYFLOW_H

#include "Functions.h"
#include "JoinabilityFacts.h"
#include "JoinableLosses.h"
#include "MemberSummary.h"
#include "Names.h"
#include "NonJoinableCalls.h"
#include "ParamThreadOps.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::daemon {

struct Escape;

/// What a member function leaves one member of its class in, given how it
/// found it.
enum class Outcome { NotJoinable, Joinable, Mixed, Unknown };

/// A member's state when a member function returns, and where it was
/// started on a path that leaves it joinable.
struct MemberExit {
  Outcome State = Outcome::Unknown;
  SourceLocation Started;
};
using MemberExits = std::map<const ValueDecl *, MemberExit>;

/// What a member function does to the tracked members of its class.
struct LossSummary {
  /// Whether `this` escapes in it: it may then do anything to them.
  bool ThisEscapes = false;
  MemberExits FromJoinable;
  MemberExits FromNotJoinable;
};

/// What the questions about losses share over the functions they analyse:
/// the exception model and the summaries of member functions.
struct LossContext {
  /// Null: exception paths are not looked at.
  ExceptionModel *Exceptions = nullptr;
  /// Null while being computed (recursion).
  std::map<const FunctionDecl *, std::unique_ptr<LossSummary>> Summaries;
};

/// What the CFGs of the loss questions hold: scope ends (automatic
/// destructors) and constructor initialisers.
constexpr unsigned LossCfgExtras = LocalDtors | Initializers;

/// How a question about losses starts the members of `this`.
enum class MemberSeed { Unknown, Joinable, NotJoinable };

/// The joinability analysis of one function: a path-sensitive forward
/// walk over its CFG. Its member functions are defined by purpose:
/// JoinabilityFlow.cpp (the walk and the transfer of statements),
/// JoinabilityEscapes.cpp (which objects it can follow),
/// JoinabilityBranches.cpp (what paths learn from conditions),
/// NonJoinableCalls.cpp, JoinableLosses.cpp and JoinableMembers.cpp (the
/// questions asked of it).
class JoinabilityFlow {
public:
  /// With \p Losses, the analysis also follows containers of threads,
  /// understands scope ends, constructor initialisers and calls of member
  /// functions, and records losses.
  JoinabilityFlow(const FunctionDecl &Fn, ASTContext &Ctx, const CFG &G,
                  LossContext *Losses = nullptr,
                  MemberSeed Seed = MemberSeed::Unknown)
      : Fn(Fn), Ctx(Ctx), G(G), PM(Fn.getBody()), Losses(Losses), Seed(Seed) {
    // Constructor initialisers are CFG elements too.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Fn); Ctor && Losses)
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          PM.addStmt(Init->getInit());
  }

  /// Runs the analysis for the non-joinable calls of the function.
  std::vector<NonJoinableCall> runForNonJoinableCalls();
  /// Runs the analysis for the losses of the function; returns them.
  std::vector<JoinableLoss> runForLosses();
  /// What each member of `this` is in when the function returns normally.
  MemberExits memberOutcomes() const;
  bool thisEscapes() const { return ThisEscapes; }
  /// Runs the fixpoint and the observing pass.
  void solve();

private:
  /// Applies one CFG element to a path.
  void transferElement(const CFGElement &E, PathState &P, bool Observe);
  /// Applies the effect of one CFG statement to a path. When \p Observe is
  /// set, records what each join/detach meets.
  void transfer(const Stmt *S, PathState &P, bool Observe);
  void handleThreadMemberCall(const CXXMemberCallExpr *Call, PathState &P,
                              bool Observe);
  void handleContainerCall(const CXXMemberCallExpr *Call, const ValueDecl *Obj,
                           PathState &P);
  /// A call of a member of std::unique_ptr or std::optional on an owner of
  /// a thread: `reset()`, `emplace(f)`, `has_value()`, ...
  void handleOwnerCall(const CXXMemberCallExpr *Call, const ValueDecl *Owner,
                       PathState &P);
  /// The owner whose thread \p E designates: `O->`, `*O`, `O.value()`.
  const ValueDecl *ownerOfThread(const Expr *E) const;
  /// A call of a member function of `this` whose body is visible: applies
  /// its summary. Returns false when it has none.
  bool applySummary(const CXXMemberCallExpr *Call, PathState &P);
  void handleAssignment(const CXXOperatorCallExpr *Op, PathState &P,
                        bool Observe);
  /// A join or detach made by \p Call of \p Obj (a member thread of the
  /// local \p Owner, or of `this` when null), inside a function it calls
  /// (\p Inner) or itself: what \p Obj is after it, given what it was
  /// before. A \p Guarded one ends it only if it was joinable and is not
  /// observed.
  ObjectFact endedByCall(const CallExpr *Call, const VarDecl *Owner,
                         const ValueDecl *Obj, ThreadOp Op, bool Guarded,
                         SourceLocation Inner,
                         const std::optional<ObjectFact> &Before, bool Observe);
  /// A call that hands tracked objects to a function that joins or
  /// detaches them (paramThreadOps()): applies what it does.
  void handleParamOps(const CallExpr *Call, PathState &P, bool Observe);
  /// The summary entry of the parameter that argument \p ArgIndex of
  /// \p Call binds, if there is one.
  const ParamThreadOp *paramOpAt(const CallExpr *Call, unsigned ArgIndex) const;
  void handleRangeLoop(const CXXForRangeStmt &For, const ValueDecl *Obj,
                       PathState &P);
  /// `for (I = Lo; I < Hi; ++I)` over arrays of threads, applied at its
  /// initialisation: a body that assigns a new thread to `A[I]` starts the
  /// elements it walks, one that joins or detaches `A[I]` ends them.
  void handleIndexLoop(const ForStmt &For, PathState &P);
  /// Whether \p Decay (an array of threads decayed to a pointer) is
  /// indexed by an index loop and the element only started, joined,
  /// detached or tested there.
  bool isFollowedElementUse(const ImplicitCastExpr *Decay,
                            const ValueDecl *Obj) const;
  /// Records a loss of every joinable local that an exception thrown by
  /// \p S destroys.
  void observeThrow(const Stmt *S, const PathState &P);
  /// Whether exception \p E thrown at \p S destroys \p Var.
  bool destroys(const Stmt *S, const Escape &E, const VarDecl *Var) const;
  void recordLoss(LossKind Kind, const ValueDecl *Obj, const ObjectFact &F,
                  SourceLocation Where, const FunctionDecl *Thrower = nullptr);
  /// Whether losses of \p Obj are reported: std::thread, containers and
  /// owners of it, not std::jthread.
  static bool reportable(const ValueDecl *Obj);
  bool isContainer(const ValueDecl *Obj) const {
    return isThreadContainerType(Obj->getType());
  }
  static void forgetMembers(PathState &P);
  static void forgetOwned(PathState &P, const VarDecl *Owner);
  /// A non-const member function called on `this` or on a local object:
  /// applies its summary to the object's member threads, or forgets them.
  void inlineMemberCall(const CXXMemberCallExpr *Call, PathState &P,
                        bool Observe);
  const MemberSummary &summaryOf(const CXXMethodDecl *Method);
  void invalidateAssumptions(const Expr *Written, PathState &P);

  /// How an expression naming a thread object uses it.
  enum class UseKind {
    /// Followed where it happens: the object of a member call, the left side
    /// of an assignment, the source of a move into another thread object.
    Followed,
    /// Read through a const reference: joinability cannot change.
    Harmless,
    /// Moved into a move constructor or a standard-library sink (\p Move is
    /// the `std::move`).
    MovedFrom,
    /// Anything else: address taken, non-const reference, capture by
    /// reference, moved into unknown code.
    Escapes,
  };
  UseKind classifyUse(const Expr *Use, const ValueDecl *Obj,
                      const Expr *&Move) const;
  /// Finds the objects whose state code the analysis does not see may
  /// change: those that escape anywhere in the function, and all members of
  /// `this` when `this` itself escapes.
  void findEscapes();
  /// Whether \p E (`this`) only reaches the code of a new std::thread:
  /// an argument of its constructor or of an emplace into a container of
  /// threads, directly or through a lambda capture, std::bind, std::ref, a
  /// functor's construction, or a local callable used only that way.
  bool handedToNewThread(const Expr *E, unsigned Depth = 0) const;
  /// Records whether \p Use of a local object only calls a member function
  /// on it (it stays an owner only if every use does).
  void noteOwnerUse(const Expr *Use,
                    llvm::DenseMap<const VarDecl *, bool> &Uses) const;
  /// The tracked object \p E names, unless it escapes.
  const ValueDecl *tracked(const Expr *E) const;

  /// Narrows \p P to the edge of a two-way branch on \p Cond; returns false
  /// when the path cannot take that edge.
  bool refine(PathState &P, const Expr *Cond, bool Taken);
  /// The same for the edge from \p Switch to the case block \p Target.
  bool refineCase(PathState &P, const SwitchStmt *Switch,
                  const CFGBlock &Target);
  /// The key of a condition whose value only visible writes can change: an
  /// expression over local variables and constants. None for the rest.
  std::optional<ConditionKey> stableKey(const Expr *Cond);
  bool isStable(const Expr *E) const;
  /// `V = constant`: the path now knows V's value.
  void assignConstant(const Expr *Lhs, const Expr *Rhs, PathState &P);
  /// Whether a repeated call in a loop is guarded by a branch inside the
  /// loop: its earlier execution then says little about this one.
  bool guardedInLoop(const Stmt *Call) const;
  bool mayChangeUnseen(const DeclRefExpr *Use) const;
  /// Whether \p Call runs only under a branch condition the analysis does
  /// not model (a call, a member, a global): then whether an earlier branch
  /// excluded it is unknown.
  bool guardedByUnmodelledCondition(const Stmt *Call) const;
  /// The thread object a `joinable()`-like test names: `T.joinable()`, a
  /// local initialised from it, `T.get_id() != std::thread::id()`. Sets
  /// \p Negated for the `==` form.
  const ValueDecl *joinableTest(const Expr *Cond, bool &Negated) const;
  void noteWrites(const Stmt *S);

  const Stmt *parentOf(const Stmt *S) const;

  const FunctionDecl &Fn;
  ASTContext &Ctx;
  const CFG &G;
  ParentMap PM;
  LossContext *Losses;
  MemberSeed Seed;
  std::vector<JoinableLoss> Found;
  llvm::DenseMap<const CFGBlock *, PathSet> In;
  llvm::SmallPtrSet<const ValueDecl *, 8> Escaped;
  bool ThisEscapes = false;
  /// Locals whose value may change unseen (address taken, non-const
  /// reference, captured by reference).
  llvm::SmallPtrSet<const VarDecl *, 8> Unstable;
  /// Locals that are written after their initialisation.
  llvm::SmallPtrSet<const VarDecl *, 8> Written;
  /// Local objects used only to call member functions on: their member
  /// threads are followed through the calls.
  llvm::SmallPtrSet<const VarDecl *, 4> Owners;
  std::map<const CXXMethodDecl *, MemberSummary> Summaries;
  mutable std::map<const FunctionDecl *, std::vector<ParamThreadOp>> ParamOps;
  /// `bool R = T.joinable();` with R never written.
  llvm::DenseMap<const VarDecl *, const ValueDecl *> JoinableAliases;
  std::map<ConditionKey, llvm::SmallPtrSet<const Decl *, 4>> ConditionReads;

  /// Per join/detach call in the observing pass: paths seen and the
  /// witnesses among them.
  struct Observation {
    const ValueDecl *Object = nullptr;
    const VarDecl *Owner = nullptr;
    ThreadOp Op = ThreadOp::Join;
    /// The join() or detach() inside an inlined member function.
    SourceLocation Inner;
    unsigned Paths = 0;
    std::vector<ObjectFact> Witnesses;
  };
  std::map<std::tuple<const CallExpr *, const VarDecl *, const ValueDecl *>,
           Observation>
      Observed;
};

} // namespace clang::tidy::daemon

#endif
