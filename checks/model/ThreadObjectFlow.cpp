//===-- ThreadObjectFlow.cpp - joinability of thread objects --------------===//

#include "ThreadObjectFlow.h"
#include "Exceptions.h"
#include "Functions.h"
#include "MemberSummary.h"
#include "Names.h"
#include "PathSets.h"
#include "Statements.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace clang::tidy::daemon {
namespace {

/// Limits that keep the analysis bounded; past them it gives up silently.
constexpr size_t MaxPathsPerBlock = 32;
constexpr unsigned MaxVisitsPerBlock = 64;

/// What one abstract path knows about one thread object.
struct ObjectFact {
  bool Joinable;
  NotJoinableReason Reason;
  /// Where it stopped being joinable.
  SourceLocation Where;

  static ObjectFact joinable() {
    return {true, NotJoinableReason::Joined, SourceLocation()};
  }
  static ObjectFact notJoinable(NotJoinableReason R, SourceLocation Where) {
    return {false, R, Where};
  }
  auto key() const {
    return std::make_tuple(Joinable, Reason, Where.getRawEncoding());
  }
  bool operator<(const ObjectFact &O) const { return key() < O.key(); }
  bool operator==(const ObjectFact &O) const { return key() == O.key(); }
};

/// A condition a path has assumed: a local variable (Var set) or another
/// condition over locals only (by its profile).
using ConditionKey = std::pair<const Decl *, unsigned>;

/// What a path assumes about a condition, and whether it was observed at a
/// branch (forgotten on each trip round a loop) or assigned (a value).
struct Assumed {
  bool Value;
  bool Observed;
  auto key() const { return std::make_pair(Value, Observed); }
  bool operator<(const Assumed &O) const { return key() < O.key(); }
  bool operator==(const Assumed &O) const { return key() == O.key(); }
};

/// A member thread of a local object: the object and the member.
using OwnedMember = std::pair<const VarDecl *, const ValueDecl *>;

/// One abstract path: the facts known about thread objects (an absent object
/// is unknown), about member threads of local objects whose member functions
/// are inlined, and the branch conditions assumed on the way.
struct PathState {
  std::map<const ValueDecl *, ObjectFact> Objects;
  std::map<OwnedMember, ObjectFact> Owned;
  std::map<ConditionKey, Assumed> Assumptions;

  auto key() const { return std::tie(Objects, Owned, Assumptions); }
  bool operator<(const PathState &O) const { return key() < O.key(); }
  bool operator==(const PathState &O) const { return key() == O.key(); }
};

using PathSet = std::set<PathState>;

const Expr *skipTransparent(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E);
        ICE && ICE->getCastKind() == CK_NoOp) {
      E = ICE->getSubExpr();
      continue;
    }
    return E;
  }
}

const Expr *skipTemporaries(const Expr *E) {
  while (true) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = FC->getSubExpr();
      continue;
    }
    return E;
  }
}

/// Whether objects of type \p T are followed: thread objects, and with
/// \p Containers also containers of std::thread.
bool isTrackedType(QualType T, bool Containers) {
  return isThreadObjectType(T) || (Containers && isThreadContainerType(T));
}

/// The thread object \p E denotes, when the analysis can follow it: a local
/// variable or parameter held by value, or a member of `this`.
const ValueDecl *trackedObject(const Expr *E, bool Containers = false) {
  if (!E)
    return nullptr;
  E = skipTransparent(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
        isTrackedType(VD->getType(), Containers))
      return VD;
    return nullptr;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (FD && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
        isTrackedType(FD->getType(), Containers))
      return FD;
  }
  return nullptr;
}

/// If \p E is `std::move(X)` (or a cast of X to an rvalue reference) for a
/// tracked thread object X, returns X.
const ValueDecl *movedObject(const Expr *E) {
  E = skipTransparent(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const auto *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() == 1 &&
        (hasQualifiedName(Callee, "std::move") ||
         hasQualifiedName(Callee, "std::forward")))
      return trackedObject(Call->getArg(0));
    return nullptr;
  }
  if (const auto *Cast = dyn_cast<CastExpr>(E);
      Cast && Cast->getType()->isRValueReferenceType())
    return trackedObject(Cast->getSubExpr());
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getTypeAsWritten()->isRValueReferenceType())
    return trackedObject(Cast->getSubExpr());
  return nullptr;
}

/// Whether \p Method inserts into a std::vector, deque, list or
/// forward_list: those always take the element.
bool isSequenceInserter(const CXXMethodDecl *Method) {
  if (!Method || !Method->getIdentifier())
    return false;
  StringRef Name = Method->getName();
  if (Name != "push_back" && Name != "push_front" && Name != "emplace_back" &&
      Name != "emplace_front" && Name != "insert" && Name != "emplace")
    return false;
  const CXXRecordDecl *Container = Method->getParent();
  return hasQualifiedName(Container, "std::vector") ||
         hasQualifiedName(Container, "std::deque") ||
         hasQualifiedName(Container, "std::list") ||
         hasQualifiedName(Container, "std::forward_list");
}

/// The state of a thread object initialised from \p Init, when it is evident
/// from the expression: constructed with a callable, or default-constructed.
std::optional<ObjectFact> constructedState(const Expr *Init,
                                           SourceLocation Where) {
  if (!Init)
    return std::nullopt;
  if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(Init))
    Init = Default->getExpr();
  Init = skipTemporaries(Init);
  if (const auto *ILE = dyn_cast<InitListExpr>(Init);
      ILE && ILE->getNumInits() == 0)
    return ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed,
                                   Where);
  const auto *CE = dyn_cast<CXXConstructExpr>(Init);
  if (!CE || !isThreadClass(CE->getConstructor()->getParent()))
    return std::nullopt;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isDefaultConstructor())
    return ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed,
                                   Where);
  if (Ctor->isCopyOrMoveConstructor() || CE->getNumArgs() == 0)
    return std::nullopt;
  return ObjectFact::joinable();
}

/// Every variable or member an expression reads, for invalidating assumed
/// branch conditions when one of them is written.
void collectReadDecls(const Stmt *S, llvm::SmallPtrSetImpl<const Decl *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    Out.insert(DRE->getDecl());
  else if (const auto *ME = dyn_cast<MemberExpr>(S))
    Out.insert(ME->getMemberDecl());
  for (const Stmt *Child : S->children())
    collectReadDecls(Child, Out);
}

/// The state of a container of threads initialised from \p Init: empty or
/// holding default-constructed threads unless its initialiser lists
/// elements.
std::optional<ObjectFact> containerInitState(const Expr *Init,
                                             SourceLocation Where) {
  auto Empty =
      ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed, Where);
  if (!Init)
    return Empty;
  if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(Init))
    Init = Default->getExpr();
  Init = skipTemporaries(Init);
  if (const auto *ILE = dyn_cast<InitListExpr>(Init)) {
    if (ILE->getNumInits() == 0)
      return Empty;
    ObjectFact Holding = ObjectFact::joinable();
    Holding.Where = Where;
    return Holding;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
      CE && !CE->getConstructor()->isCopyOrMoveConstructor())
    return Empty;
  return std::nullopt;
}

/// Whether \p E calls `joinable()` on the variable \p Var.
bool isJoinableTestOf(const Expr *E, const VarDecl *Var) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
  const auto *Object = Call ? dyn_cast<DeclRefExpr>(skipTransparent(
                                  Call->getImplicitObjectArgument()))
                            : nullptr;
  return M && M->getIdentifier() && M->getName() == "joinable" && Object &&
         Object->getDecl() == Var;
}

/// The `join()` or `detach()` called on \p Var in \p S, if any.
const CXXMemberCallExpr *findJoinOrDetachOf(const Stmt *S, const VarDecl *Var) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    const auto *Object = dyn_cast<DeclRefExpr>(
        skipTransparent(Call->getImplicitObjectArgument()));
    if (M && M->getIdentifier() &&
        (M->getName() == "join" || M->getName() == "detach") && Object &&
        Object->getDecl() == Var)
      return Call;
  }
  for (const Stmt *Child : S->children())
    if (const CXXMemberCallExpr *Found = findJoinOrDetachOf(Child, Var))
      return Found;
  return nullptr;
}

/// Whether \p S leaves the function: a `throw` or a `return` (not inside a
/// lambda).
bool leavesFunction(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<CXXThrowExpr, ReturnStmt>(S))
    return true;
  return llvm::any_of(S->children(), leavesFunction);
}

/// What a range-for loop does to every element of the container it walks.
enum class LoopEffect { None, JoinsAll, StartsAll, Unknown };

/// Classifies `for (auto &T : Threads) Body`: a body that joins or detaches
/// T unconditionally (or under `if (T.joinable())`) joins all; one that
/// assigns a new thread to T starts all. \p Where is that call or
/// assignment.
LoopEffect loopEffect(const CXXForRangeStmt &For, SourceLocation &Where) {
  const VarDecl *Var = For.getLoopVariable();
  QualType T = Var->getType();
  if (T->isReferenceType() && T->getPointeeType().isConstQualified())
    return LoopEffect::None;
  const Stmt *Body = For.getBody();
  // The statements that run for every element: the body, the compound
  // statements in it, and the then-branch of `if (T.joinable())`.
  std::vector<const Stmt *> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      Work.insert(Work.end(), CS->body_begin(), CS->body_end());
      continue;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (!If->getElse() && !If->getInit() && If->getCond() &&
          isJoinableTestOf(If->getCond(), Var))
        Work.push_back(If->getThen());
      continue;
    }
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      continue;
    E = E->IgnoreParenImpCasts();
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
        Call && findJoinOrDetachOf(Call, Var) == Call) {
      Where = Call->getExprLoc();
      return LoopEffect::JoinsAll;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Equal) {
      const auto *Lhs = dyn_cast<DeclRefExpr>(skipTransparent(Op->getArg(0)));
      std::optional<ObjectFact> F =
          constructedState(Op->getArg(1), Op->getExprLoc());
      if (Lhs && Lhs->getDecl() == Var && F && F->Joinable) {
        Where = Op->getArg(1)->getBeginLoc();
        return LoopEffect::StartsAll;
      }
    }
  }
  return LoopEffect::Unknown;
}

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

/// The CFG the loss questions need: with scope ends (automatic
/// destructors) and constructor initialisers.
std::unique_ptr<CFG> buildLossCFG(const FunctionDecl &Fn, ASTContext &Ctx) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddInitializers = true;
  return CFG::buildCFG(&Fn, Fn.getBody(), &Ctx, Options);
}

/// How a question about losses starts the members of `this`.
enum class MemberSeed { Unknown, Joinable, NotJoinable };

/// The flow analysis of one function.
class Analysis {
public:
  /// With \p Losses, the analysis also follows containers of threads,
  /// understands scope ends, constructor initialisers and calls of member
  /// functions, and records losses.
  Analysis(const FunctionDecl &Fn, ASTContext &Ctx, const CFG &G,
           LossContext *Losses = nullptr, MemberSeed Seed = MemberSeed::Unknown)
      : Fn(Fn), Ctx(Ctx), G(G), PM(Fn.getBody()), Losses(Losses), Seed(Seed) {
    // Constructor initialisers are CFG elements too.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Fn); Ctor && Losses)
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          PM.addStmt(Init->getInit());
  }

  std::vector<NonJoinableCall> run();
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
  /// A call of a member function of `this` whose body is visible: applies
  /// its summary. Returns false when it has none.
  bool applySummary(const CXXMemberCallExpr *Call, PathState &P);
  void handleAssignment(const CXXOperatorCallExpr *Op, PathState &P,
                        bool Observe);
  void handleRangeLoop(const CXXForRangeStmt &For, const ValueDecl *Obj,
                       PathState &P);
  /// Records a loss of every joinable local that an exception thrown by
  /// \p S destroys.
  void observeThrow(const Stmt *S, const PathState &P);
  /// Whether exception \p E thrown at \p S destroys \p Var.
  bool destroys(const Stmt *S, const Escape &E, const VarDecl *Var) const;
  void recordLoss(LossKind Kind, const ValueDecl *Obj, const ObjectFact &F,
                  SourceLocation Where, const FunctionDecl *Thrower = nullptr);
  /// Whether losses of \p Obj are reported: std::thread and containers of
  /// it, not std::jthread.
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
  std::map<
      std::tuple<const CXXMemberCallExpr *, const VarDecl *, const ValueDecl *>,
      Observation>
      Observed;
};

const Stmt *Analysis::parentOf(const Stmt *S) const {
  const Stmt *P = PM.getParent(S);
  while (P && (isa<ParenExpr>(P) ||
               (isa<ImplicitCastExpr>(P) &&
                cast<ImplicitCastExpr>(P)->getCastKind() == CK_NoOp)))
    P = PM.getParent(P);
  return P;
}

void Analysis::handleThreadMemberCall(const CXXMemberCallExpr *Call,
                                      PathState &P, bool Observe) {
  const ValueDecl *Obj = tracked(Call->getImplicitObjectArgument());
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Obj) {
    // A non-const member function of this class may start, join or detach
    // any member thread.
    const Expr *Base = Call->getImplicitObjectArgument();
    if (!Losses)
      inlineMemberCall(Call, P, Observe);
    else if (Base && isa<CXXThisExpr>(Base->IgnoreParenImpCasts()) && Method &&
             !Method->isConst() && !applySummary(Call, P))
      forgetMembers(P);
    return;
  }
  if (isContainer(Obj)) {
    handleContainerCall(Call, Obj, P);
    return;
  }
  if (!Method || !Method->getIdentifier())
    return;
  StringRef Name = Method->getName();
  if (Name == "join" || Name == "detach") {
    ThreadOp Op = Name == "join" ? ThreadOp::Join : ThreadOp::Detach;
    if (Observe) {
      Observation &O = Observed[{Call, nullptr, Obj}];
      O.Object = Obj;
      O.Op = Op;
      ++O.Paths;
      auto It = P.Objects.find(Obj);
      if (It != P.Objects.end() && !It->second.Joinable)
        O.Witnesses.push_back(It->second);
    }
    P.Objects[Obj] = ObjectFact::notJoinable(Op == ThreadOp::Join
                                                 ? NotJoinableReason::Joined
                                                 : NotJoinableReason::Detached,
                                             Call->getExprLoc());
    return;
  }
  // Observers and stop requests leave joinability as it is; anything else
  // (native_handle, swap, ...) may change it behind the analysis' back.
  if (Name == "joinable" || Name == "get_id" || Name == "request_stop" ||
      Name == "get_stop_source" || Name == "get_stop_token" ||
      Name == "interrupt" || Name == "interruption_requested")
    return;
  P.Objects.erase(Obj);
}

void Analysis::handleContainerCall(const CXXMemberCallExpr *Call,
                                   const ValueDecl *Obj, PathState &P) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  StringRef Name = Method && Method->getIdentifier() ? Method->getName() : "";
  // Observers and capacity leave the elements as they are.
  if (Name == "size" || Name == "empty" || Name == "reserve" ||
      Name == "capacity" || Name == "max_size")
    return;
  // An insertion adds a thread (`emplace_back()` adds an empty one).
  bool Adds = isSequenceInserter(Method) &&
              !(Name.starts_with("emplace_") && Call->getNumArgs() == 0) &&
              !(Name == "emplace" && Call->getNumArgs() == 1);
  if (!Adds) {
    // Element access, iterators, clear, erase: the elements may change.
    P.Objects.erase(Obj);
    return;
  }
  auto It = P.Objects.find(Obj);
  if (It == P.Objects.end() || !It->second.Joinable) {
    ObjectFact Holding = ObjectFact::joinable();
    Holding.Where = Call->getExprLoc();
    P.Objects[Obj] = Holding;
  }
}

bool Analysis::applySummary(const CXXMemberCallExpr *Call, PathState &P) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const auto *Caller = dyn_cast<CXXMethodDecl>(&Fn);
  if (!Losses || !Method || !Caller)
    return false;
  // A virtual call dispatches to the most derived override, except during
  // construction and destruction.
  if (Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
      !Method->getParent()->hasAttr<FinalAttr>() &&
      !isa<CXXConstructorDecl, CXXDestructorDecl>(Caller))
    return false;
  const FunctionDecl *Def = nullptr;
  if (!Method->hasBody(Def) || !Def || isInSystemHeader(Def))
    return false;
  // The entry stays null while the summary is computed, and for good when
  // the callee has no CFG: a recursive call is then not followed.
  if (Losses->Summaries.try_emplace(Def).second) {
    std::unique_ptr<CFG> Callee = buildLossCFG(*Def, Ctx);
    if (!Callee)
      return false;
    auto Summary = std::make_unique<LossSummary>();
    for (MemberSeed S : {MemberSeed::Joinable, MemberSeed::NotJoinable}) {
      Analysis A(*Def, Ctx, *Callee, Losses, S);
      A.solve();
      Summary->ThisEscapes |= A.thisEscapes();
      (S == MemberSeed::Joinable ? Summary->FromJoinable
                                 : Summary->FromNotJoinable) =
          A.memberOutcomes();
    }
    Losses->Summaries[Def] = std::move(Summary);
  }
  const LossSummary *Summary = Losses->Summaries[Def].get();
  if (!Summary || Summary->ThisEscapes)
    return false; // recursion, or `this` escapes in the callee
  for (auto It = P.Objects.begin(); It != P.Objects.end();) {
    if (!isa<FieldDecl>(It->first)) {
      ++It;
      continue;
    }
    const auto &Outcomes =
        It->second.Joinable ? Summary->FromJoinable : Summary->FromNotJoinable;
    auto Found = Outcomes.find(It->first);
    Outcome O =
        Found == Outcomes.end() ? Outcome::Unknown : Found->second.State;
    if (O == Outcome::NotJoinable) {
      It->second = ObjectFact::notJoinable(NotJoinableReason::Joined,
                                           Call->getExprLoc());
    } else if (O == Outcome::Joinable) {
      if (!It->second.Joinable) {
        It->second = ObjectFact::joinable();
        It->second.Where = Call->getExprLoc();
      }
    } else {
      It = P.Objects.erase(It);
      continue;
    }
    ++It;
  }
  return true;
}

void Analysis::forgetMembers(PathState &P) {
  for (auto It = P.Objects.begin(); It != P.Objects.end();)
    It = isa<FieldDecl>(It->first) ? P.Objects.erase(It) : std::next(It);
}

void Analysis::forgetOwned(PathState &P, const VarDecl *Owner) {
  for (auto It = P.Owned.begin(); It != P.Owned.end();)
    It = It->first.first == Owner ? P.Owned.erase(It) : std::next(It);
}

const MemberSummary &Analysis::summaryOf(const CXXMethodDecl *Method) {
  auto It = Summaries.find(Method);
  if (It == Summaries.end())
    It = Summaries.emplace(Method, summarizeMemberThreads(Method)).first;
  return It->second;
}

void Analysis::inlineMemberCall(const CXXMemberCallExpr *Call, PathState &P,
                                bool Observe) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const Expr *Base = Call->getImplicitObjectArgument();
  if (!Method || Method->isConst() || !Base)
    return;
  Base = Base->IgnoreParenImpCasts();
  const VarDecl *Owner = nullptr;
  if (!isa<CXXThisExpr>(Base)) {
    const auto *DRE = dyn_cast<DeclRefExpr>(Base);
    Owner = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!Owner || !Owners.count(Owner))
      return;
  }
  const MemberSummary &Summary = summaryOf(Method);
  if (!Summary.Known || (!Owner && ThisEscapes)) {
    // It may start, join or detach any member thread.
    if (Owner)
      forgetOwned(P, Owner);
    else
      forgetMembers(P);
    return;
  }
  for (const auto &[Field, Effect] : Summary.Effects) {
    if (!Effect) {
      if (Owner)
        P.Owned.erase({Owner, Field});
      else
        P.Objects.erase(Field);
      continue;
    }
    std::optional<ObjectFact> Before;
    if (Owner) {
      if (auto It = P.Owned.find({Owner, Field}); It != P.Owned.end())
        Before = It->second;
    } else if (auto It = P.Objects.find(Field); It != P.Objects.end()) {
      Before = It->second;
    }
    ObjectFact After = ObjectFact::notJoinable(
        Effect->Op == ThreadOp::Join ? NotJoinableReason::Joined
                                     : NotJoinableReason::Detached,
        Call->getExprLoc());
    if (Effect->Guarded) {
      // Ends the thread if it was joinable; never meets an ended one.
      if (Before && !Before->Joinable)
        After = *Before;
    } else if (Observe) {
      Observation &O = Observed[{Call, Owner, Field}];
      O.Object = Field;
      O.Owner = Owner;
      O.Op = Effect->Op;
      O.Inner = Effect->Where;
      ++O.Paths;
      if (Before && !Before->Joinable)
        O.Witnesses.push_back(*Before);
    }
    if (Owner)
      P.Owned[{Owner, Field}] = After;
    else
      P.Objects[Field] = After;
  }
}

void Analysis::handleAssignment(const CXXOperatorCallExpr *Op, PathState &P,
                                bool Observe) {
  const ValueDecl *Obj = tracked(Op->getArg(0));
  if (!Obj || isContainer(Obj))
    return;
  if (Observe)
    if (auto It = P.Objects.find(Obj);
        It != P.Objects.end() && It->second.Joinable)
      recordLoss(LossKind::Assignment, Obj, It->second, Op->getExprLoc());
  const Expr *Rhs = Op->getArg(1);
  if (const ValueDecl *Src = movedObject(Rhs)) {
    if (Escaped.count(Src)) {
      P.Objects.erase(Obj);
      return;
    }
    auto It = P.Objects.find(Src);
    if (It != P.Objects.end())
      P.Objects[Obj] = It->second;
    else
      P.Objects.erase(Obj);
    if (Losses && It != P.Objects.end() && It->second.Joinable)
      P.Objects[Obj].Where = Op->getExprLoc();
    P.Objects[Src] = ObjectFact::notJoinable(NotJoinableReason::MovedFrom,
                                             Rhs->getBeginLoc());
    return;
  }
  if (std::optional<ObjectFact> F = constructedState(Rhs, Rhs->getBeginLoc())) {
    P.Objects[Obj] = *F;
    if (Losses && F->Joinable)
      P.Objects[Obj].Where = Rhs->getBeginLoc();
  } else {
    P.Objects.erase(Obj);
  }
}

Analysis::UseKind Analysis::classifyUse(const Expr *Use, const ValueDecl *Obj,
                                        const Expr *&Move) const {
  const Stmt *Parent = parentOf(Use);
  // `t.join()`: followed at the call.
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(Parent))
    if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(parentOf(ME));
        Call && Call->getCallee()->IgnoreParens() == ME)
      return UseKind::Followed;
  // `t = ...`: followed at the assignment.
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
      Op && Op->getOperator() == OO_Equal &&
      skipTransparent(Op->getArg(0)) == Use)
    return UseKind::Followed;
  // `for (auto &T : Threads)`: followed at the loop.
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(Parent))
    if (const auto *For = dyn_cast_or_null<CXXForRangeStmt>(PM.getParent(DS));
        Losses && For && For->getRangeStmt() == DS)
      return UseKind::Followed;
  // Bound to a const reference: cannot be joined or detached through it.
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Parent)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0, N = Call->getNumArgs(); Callee && I < N; ++I) {
      if (skipTransparent(Call->getArg(I)) != Use)
        continue;
      unsigned ParamIdx =
          I - (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee)
                   ? 1
                   : 0);
      if (ParamIdx < Callee->getNumParams()) {
        QualType T = Callee->getParamDecl(ParamIdx)->getType();
        if (T->isLValueReferenceType() &&
            T->getPointeeType().isConstQualified())
          return UseKind::Harmless;
      }
    }
  }
  // `std::move(t)`: what happens depends on who takes the rvalue.
  const auto *MoveExpr = dyn_cast_or_null<Expr>(Parent);
  if (!MoveExpr || movedObject(MoveExpr) != Obj)
    return UseKind::Escapes;
  const Stmt *Taker = parentOf(MoveExpr);
  while (isa_and_nonnull<MaterializeTemporaryExpr>(Taker))
    Taker = parentOf(Taker);
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Taker);
      Op && Op->getOperator() == OO_Equal && trackedObject(Op->getArg(0)))
    return UseKind::Followed;
  Move = MoveExpr;
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Taker);
      CE && CE->getConstructor()->isMoveConstructor())
    return UseKind::MovedFrom;
  // The sequence containers' inserters always move (a map's may not).
  if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Taker))
    if (isSequenceInserter(Call->getMethodDecl()))
      return UseKind::MovedFrom;
  return UseKind::Escapes;
}

void Analysis::noteOwnerUse(const Expr *Use,
                            llvm::DenseMap<const VarDecl *, bool> &Uses) const {
  const auto *DRE = dyn_cast<DeclRefExpr>(Use);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
    return;
  const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
  if (!RD || isThreadClass(RD))
    return;
  const auto *ME = dyn_cast_or_null<MemberExpr>(parentOf(Use));
  const auto *Call =
      ME ? dyn_cast_or_null<CXXMemberCallExpr>(parentOf(ME)) : nullptr;
  bool Understood =
      Call && !ME->isArrow() && Call->getCallee()->IgnoreParens() == ME;
  auto [It, New] = Uses.try_emplace(Var, Understood);
  if (!New)
    It->second &= Understood;
}

void Analysis::findEscapes() {
  llvm::DenseMap<const VarDecl *, bool> OwnerUses;
  for (const CFGBlock *B : G)
    for (const CFGElement &E : *B) {
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      if (!S)
        continue;
      if (const auto *This = dyn_cast<CXXThisExpr>(S->getStmt())) {
        // `this` used other than to name a member: passed, stored, captured.
        // When looking for losses, `this` handed to a new thread is not: its
        // entry is assumed not to join or detach its owner's threads.
        const Stmt *Parent = parentOf(This);
        while (
            Losses &&
            isa_and_nonnull<ImplicitCastExpr, MaterializeTemporaryExpr>(Parent))
          Parent = parentOf(Parent);
        const auto *Spawn = dyn_cast_or_null<CXXConstructExpr>(Parent);
        bool IntoThread =
            Losses && Spawn &&
            isStdThreadClass(Spawn->getConstructor()->getParent());
        ThisEscapes |=
            !isa_and_nonnull<MemberExpr>(parentOf(This)) && !IntoThread;
        continue;
      }
      if (const auto *DS = dyn_cast<DeclStmt>(S->getStmt()))
        for (const Decl *D : DS->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
            if (const auto *Call = dyn_cast<CXXMemberCallExpr>(
                    Var->getInit()->IgnoreParenImpCasts());
                Call && Call->getMethodDecl() &&
                Call->getMethodDecl()->getIdentifier() &&
                Call->getMethodDecl()->getName() == "joinable")
              if (const ValueDecl *Obj =
                      trackedObject(Call->getImplicitObjectArgument()))
                JoinableAliases[Var] = Obj;
      noteWrites(S->getStmt());
      const auto *Use = dyn_cast<Expr>(S->getStmt());
      if (!Use || !isa<DeclRefExpr, MemberExpr>(Use))
        continue;
      noteOwnerUse(Use, OwnerUses);
      const Expr *Move = nullptr;
      if (const ValueDecl *Obj = trackedObject(Use, Losses != nullptr);
          Obj && classifyUse(Use, Obj, Move) == UseKind::Escapes)
        Escaped.insert(Obj);
      else if (const auto *DRE = dyn_cast<DeclRefExpr>(Use))
        if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
            Var && Var->hasLocalStorage() && mayChangeUnseen(DRE))
          Unstable.insert(Var);
    }
  for (const auto &[Var, OnlyCalls] : OwnerUses)
    if (OnlyCalls)
      Owners.insert(Var);
  for (const VarDecl *Var : Written)
    JoinableAliases.erase(Var);
  for (const VarDecl *Var : Unstable)
    JoinableAliases.erase(Var);
}

bool Analysis::mayChangeUnseen(const DeclRefExpr *Use) const {
  const Stmt *Parent = parentOf(Use);
  if (!Parent || isa<LambdaExpr>(Parent))
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(Parent))
    return UO->getOpcode() == UO_AddrOf;
  if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
      if (skipTransparent(Call->getArg(I)) != Use)
        continue;
      unsigned ParamIdx = I - (isa<CXXOperatorCallExpr>(Call) && Callee &&
                                       isa<CXXMethodDecl>(Callee)
                                   ? 1
                                   : 0);
      if (!Callee || ParamIdx >= Callee->getNumParams())
        return true;
      QualType T = Callee->getParamDecl(ParamIdx)->getType();
      return T->isReferenceType() && !T->getPointeeType().isConstQualified();
    }
    // The object of a member call.
    return true;
  }
  // `bool &Alias = Flag;`
  if (const auto *DS = dyn_cast<DeclStmt>(Parent))
    return llvm::any_of(DS->decls(), [](const Decl *D) {
      const auto *Var = dyn_cast<VarDecl>(D);
      return Var && Var->getType()->isReferenceType() &&
             !Var->getType()->getPointeeType().isConstQualified();
    });
  return isa<MemberExpr>(Parent);
}

void Analysis::noteWrites(const Stmt *S) {
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    Target = BO->getLHS();
  else if (const auto *UO = dyn_cast<UnaryOperator>(S);
           UO && UO->isIncrementDecrementOp())
    Target = UO->getSubExpr();
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
          Target ? Target->IgnoreParenImpCasts() : nullptr))
    if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl()))
      Written.insert(Var);
}

const ValueDecl *Analysis::tracked(const Expr *E) const {
  const ValueDecl *Obj = trackedObject(E, Losses != nullptr);
  if (!Obj || Escaped.count(Obj) || (isa<FieldDecl>(Obj) && ThisEscapes))
    return nullptr;
  return Obj;
}

void Analysis::invalidateAssumptions(const Expr *Written, PathState &P) {
  llvm::SmallPtrSet<const Decl *, 4> Decls;
  collectReadDecls(Written, Decls);
  for (auto It = P.Assumptions.begin(); It != P.Assumptions.end();) {
    const auto &Reads = ConditionReads[It->first];
    bool Hit =
        llvm::any_of(Decls, [&](const Decl *D) { return Reads.count(D); });
    It = Hit ? P.Assumptions.erase(It) : std::next(It);
  }
}

void Analysis::transfer(const Stmt *S, PathState &P, bool Observe) {
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    handleThreadMemberCall(Call, P, Observe);
    return;
  }
  // A call through a callable (a stored callback, a function pointer) may
  // restart any member thread.
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && (!Call->getDirectCallee() ||
               (isa<CXXOperatorCallExpr>(Call) &&
                cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Call)))
    forgetMembers(P);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal)
      handleAssignment(Op, P, Observe);
    if (Op->isAssignmentOp())
      invalidateAssumptions(Op->getArg(0), P);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (VD && Owners.count(VD)) {
        // A fresh object: its constructor may start its threads.
        forgetOwned(P, VD);
        continue;
      }
      if (VD && VD->hasLocalStorage() && VD->getType()->isScalarType() &&
          !Unstable.count(VD)) {
        // A fresh variable: forget what the path knew of the last one, and
        // learn a constant initial value.
        for (auto It = P.Assumptions.begin(); It != P.Assumptions.end();)
          It = ConditionReads[It->first].count(VD) ? P.Assumptions.erase(It)
                                                   : std::next(It);
        if (const Expr *Init = VD->getInit())
          if (std::optional<llvm::APSInt> Value =
                  Init->getIntegerConstantExpr(Ctx))
            P.Assumptions[{VD, 0}] = Assumed{Value->getBoolValue(), false};
        continue;
      }
      // `auto &&__range = Threads;` starts a range-for loop.
      if (const auto *For = dyn_cast_or_null<CXXForRangeStmt>(PM.getParent(DS));
          Losses && VD && For && For->getRangeStmt() == DS) {
        if (const ValueDecl *Obj = tracked(VD->getInit()))
          handleRangeLoop(*For, Obj, P);
        continue;
      }
      if (!VD || !VD->hasLocalStorage() ||
          !isTrackedType(VD->getType(), Losses != nullptr) || Escaped.count(VD))
        continue;
      std::optional<ObjectFact> F =
          isContainer(VD) ? containerInitState(VD->getInit(), VD->getLocation())
                          : constructedState(VD->getInit(), VD->getLocation());
      if (F && F->Joinable && Losses)
        F->Where = VD->getLocation();
      if (F)
        P.Objects[VD] = *F;
      else
        P.Objects.erase(VD);
    }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign)
      assignConstant(BO->getLHS(), BO->getRHS(), P);
    else if (BO->isAssignmentOp())
      invalidateAssumptions(BO->getLHS(), P);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      invalidateAssumptions(UO->getSubExpr(), P);
    return;
  }
  if (isa<DeclRefExpr, MemberExpr>(S)) {
    const Expr *Move = nullptr;
    if (const ValueDecl *Obj = tracked(cast<Expr>(S));
        Obj && classifyUse(cast<Expr>(S), Obj, Move) == UseKind::MovedFrom)
      P.Objects[Obj] = ObjectFact::notJoinable(NotJoinableReason::MovedFrom,
                                               Move->getBeginLoc());
  }
}

bool Analysis::isStable(const Expr *E) const {
  E = E->IgnoreParenImpCasts();
  if (isa<IntegerLiteral, CXXBoolLiteralExpr, CharacterLiteral,
          CXXNullPtrLiteralExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(DRE->getDecl()))
      return true;
    const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
    return Var && Var->hasLocalStorage() &&
           !Var->getType()->isReferenceType() &&
           !Var->getType().isVolatileQualified() &&
           Var->getType()->isScalarType() && !Unstable.count(Var);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return (UO->getOpcode() == UO_LNot || UO->getOpcode() == UO_Minus ||
            UO->getOpcode() == UO_Not) &&
           isStable(UO->getSubExpr());
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && isStable(BO->getLHS()) &&
           isStable(BO->getRHS());
  return false;
}

std::optional<ConditionKey> Analysis::stableKey(const Expr *Cond) {
  if (!isStable(Cond))
    return std::nullopt;
  ConditionKey Key;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Cond->IgnoreParenImpCasts())) {
    Key = {DRE->getDecl(), 0};
  } else {
    llvm::FoldingSetNodeID ID;
    Cond->Profile(ID, Ctx, /*Canonical=*/true);
    Key = {nullptr, ID.ComputeHash()};
  }
  auto &Reads = ConditionReads[Key];
  if (Reads.empty())
    collectReadDecls(Cond, Reads);
  return Key;
}

void Analysis::assignConstant(const Expr *Lhs, const Expr *Rhs, PathState &P) {
  invalidateAssumptions(Lhs, P);
  std::optional<llvm::APSInt> Value =
      Rhs ? Rhs->getIntegerConstantExpr(Ctx) : std::nullopt;
  if (!Value)
    return;
  if (std::optional<ConditionKey> Key = stableKey(Lhs))
    P.Assumptions[*Key] = Assumed{Value->getBoolValue(), /*Observed=*/false};
}

bool Analysis::guardedByUnmodelledCondition(const Stmt *Call) const {
  const Stmt *Child = Call;
  for (const Stmt *S = PM.getParent(Call); S; Child = S, S = PM.getParent(S)) {
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S); If && Child != If->getCond())
      Cond = If->getCond();
    else if (const auto *While = dyn_cast<WhileStmt>(S);
             While && Child != While->getCond())
      Cond = While->getCond();
    else if (const auto *For = dyn_cast<ForStmt>(S);
             For && Child == For->getBody())
      Cond = For->getCond();
    else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S);
             CO && Child != CO->getCond())
      Cond = CO->getCond();
    else if (const auto *BO = dyn_cast<BinaryOperator>(S);
             BO && BO->isLogicalOp() && Child == BO->getRHS())
      Cond = BO->getLHS();
    else if (isa<SwitchStmt>(S))
      Cond = cast<SwitchStmt>(S)->getCond();
    bool Negated = false;
    if (Cond && !isStable(Cond) && !joinableTest(Cond, Negated))
      return true;
  }
  return false;
}

const ValueDecl *Analysis::joinableTest(const Expr *Cond, bool &Negated) const {
  Cond = Cond->IgnoreParenImpCasts();
  auto MethodNamed = [](const Expr *E, StringRef Name) -> const Expr * {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
    const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
    if (M && M->getIdentifier() && M->getName() == Name)
      return Call->getImplicitObjectArgument();
    return nullptr;
  };
  if (const Expr *Object = MethodNamed(Cond, "joinable"))
    return tracked(Object);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Cond))
    if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl()))
      return JoinableAliases.lookup(Var);
  // T.get_id() != std::thread::id()
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond);
  if (!Op || Op->getNumArgs() != 2 ||
      (Op->getOperator() != OO_ExclaimEqual &&
       Op->getOperator() != OO_EqualEqual))
    return nullptr;
  for (unsigned Side = 0; Side < 2; ++Side) {
    const Expr *Object = MethodNamed(Op->getArg(Side), "get_id");
    const auto *Empty = dyn_cast<CXXConstructExpr>(
        Op->getArg(1 - Side)->IgnoreImplicit()->IgnoreParens());
    if (Object && Empty && Empty->getNumArgs() == 0) {
      Negated = Op->getOperator() == OO_EqualEqual;
      return tracked(Object);
    }
  }
  return nullptr;
}

bool Analysis::guardedInLoop(const Stmt *Call) const {
  for (const Stmt *S = PM.getParent(Call); S; S = PM.getParent(S)) {
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
      return false;
    if (isa<IfStmt, SwitchStmt, AbstractConditionalOperator>(S))
      return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isLogicalOp())
      return true;
  }
  return false;
}

bool Analysis::refine(PathState &P, const Expr *Cond, bool Taken) {
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Taken = !Taken;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  // A joinable() test tells exactly what the branch knows.
  bool Negated = false;
  const ValueDecl *Joinable = joinableTest(Cond, Negated);
  if (Negated)
    Taken = !Taken;
  if (Joinable && !Escaped.count(Joinable)) {
    auto It = P.Objects.find(Joinable);
    if (It != P.Objects.end())
      return It->second.Joinable == Taken;
    if (Taken)
      P.Objects[Joinable] = ObjectFact::joinable();
    return true;
  }
  std::optional<ConditionKey> Key = stableKey(Cond);
  if (!Key)
    return true;
  auto [It, Inserted] =
      P.Assumptions.try_emplace(*Key, Assumed{Taken, /*Observed=*/true});
  return Inserted || It->second.Value == Taken;
}

bool Analysis::refineCase(PathState &P, const SwitchStmt *Switch,
                          const CFGBlock &Target) {
  const auto *Case = dyn_cast_or_null<CaseStmt>(Target.getLabel());
  const Expr *Cond = Switch->getCond();
  if (!Case || Case->getRHS() || !Cond)
    return true;
  std::optional<llvm::APSInt> Value =
      Case->getLHS()->getIntegerConstantExpr(Ctx);
  const auto *DRE = dyn_cast<DeclRefExpr>(Cond->IgnoreParenImpCasts());
  if (!Value || !DRE)
    return true;
  std::optional<ConditionKey> Key = stableKey(DRE);
  if (!Key)
    return true;
  bool NonZero = Value->getBoolValue();
  auto [It, Inserted] =
      P.Assumptions.try_emplace(*Key, Assumed{NonZero, /*Observed=*/true});
  return Inserted || It->second.Value == NonZero;
}

/// Keeps a path set bounded: past the limit, the paths are merged into one
/// that keeps only the facts they all share.
void widen(PathSet &Paths) {
  if (Paths.size() <= MaxPathsPerBlock)
    return;
  PathState Merged = *Paths.begin();
  Merged.Assumptions.clear();
  for (const PathState &P : Paths) {
    keepShared(Merged.Objects, P.Objects);
    keepShared(Merged.Owned, P.Owned);
  }
  Paths = {Merged};
}

void Analysis::transferElement(const CFGElement &E, PathState &P,
                               bool Observe) {
  if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
    // Summaries and member questions (seeded) report nothing.
    if (Observe && Losses && Losses->Exceptions &&
        Seed == MemberSeed::Unknown &&
        isa<CallExpr, CXXConstructExpr, CXXThrowExpr>(S->getStmt()))
      observeThrow(S->getStmt(), P);
    transfer(S->getStmt(), P, Observe);
    return;
  }
  if (std::optional<CFGAutomaticObjDtor> Dtor =
          E.getAs<CFGAutomaticObjDtor>()) {
    auto It = P.Objects.find(Dtor->getVarDecl());
    if (It == P.Objects.end())
      return;
    if (Observe && It->second.Joinable) {
      const Stmt *Trigger = Dtor->getTriggerStmt();
      SourceLocation Where =
          Trigger ? Trigger->getBeginLoc() : SourceLocation();
      if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Trigger))
        Where = Block->getRBracLoc();
      recordLoss(LossKind::ScopeEnd, It->first, It->second, Where);
    }
    P.Objects.erase(It);
    return;
  }
  if (std::optional<CFGInitializer> Init = E.getAs<CFGInitializer>()) {
    const FieldDecl *Field = Init->getInitializer()->getAnyMember();
    if (!Field || !isTrackedType(Field->getType(), true) ||
        Escaped.count(Field) || ThisEscapes)
      return;
    const Expr *Value = Init->getInitializer()->getInit();
    SourceLocation Where = Init->getInitializer()->isWritten()
                               ? Init->getInitializer()->getSourceLocation()
                               : Field->getLocation();
    std::optional<ObjectFact> F = isContainer(Field)
                                      ? containerInitState(Value, Where)
                                      : constructedState(Value, Where);
    if (F && F->Joinable)
      F->Where = Where;
    if (F)
      P.Objects[Field] = *F;
    else
      P.Objects.erase(Field);
  }
}

void Analysis::handleRangeLoop(const CXXForRangeStmt &For, const ValueDecl *Obj,
                               PathState &P) {
  SourceLocation Where;
  switch (loopEffect(For, Where)) {
  case LoopEffect::None:
    return;
  case LoopEffect::JoinsAll:
    P.Objects[Obj] = ObjectFact::notJoinable(NotJoinableReason::Joined, Where);
    return;
  case LoopEffect::StartsAll: {
    auto It = P.Objects.find(Obj);
    if (It == P.Objects.end() || !It->second.Joinable) {
      ObjectFact Holding = ObjectFact::joinable();
      Holding.Where = Where;
      P.Objects[Obj] = Holding;
    }
    return;
  }
  case LoopEffect::Unknown:
    P.Objects.erase(Obj);
    return;
  }
}

bool Analysis::reportable(const ValueDecl *Obj) {
  return isTerminatingThreadType(Obj->getType()) ||
         isThreadContainerType(Obj->getType());
}

void Analysis::recordLoss(LossKind Kind, const ValueDecl *Obj,
                          const ObjectFact &F, SourceLocation Where,
                          const FunctionDecl *Thrower) {
  if (!Losses || !reportable(Obj))
    return;
  Found.push_back({Kind, Obj, Where, Thrower, F.Where});
}

bool Analysis::destroys(const Stmt *S, const Escape &E,
                        const VarDecl *Var) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const Stmt *Child = S;
  for (const Stmt *Parent = PM.getParent(S); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    const auto *Try = dyn_cast<CXXTryStmt>(Parent);
    if (!Try || Child != Try->getTryBlock())
      continue;
    // Leaving the try block destroys what it declares.
    SourceRange Block = Try->getTryBlock()->getSourceRange();
    if (SM.isPointWithin(Var->getLocation(), Block.getBegin(), Block.getEnd()))
      return true;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
      const CXXCatchStmt *Handler = Try->getHandler(I);
      if (!ExceptionModel::catches(Handler->getCaughtType(), E.Type))
        continue;
      // A handler that joins or detaches, or that carries on after the try,
      // keeps the thread from being destroyed joinable.
      return !findJoinOrDetachOf(Handler->getHandlerBlock(), Var) &&
             leavesFunction(Handler->getHandlerBlock());
    }
  }
  // The exception leaves the function; from a noexcept one it terminates
  // whatever the thread's state.
  const auto *Proto = Fn.getType()->getAs<FunctionProtoType>();
  return !(Proto && Proto->isNothrow());
}

void Analysis::observeThrow(const Stmt *S, const PathState &P) {
  bool AnyJoinable = llvm::any_of(P.Objects, [](const auto &Entry) {
    return isa<VarDecl>(Entry.first) && Entry.second.Joinable &&
           reportable(Entry.first);
  });
  if (!AnyJoinable)
    return;
  // The exceptions this call or throw starts itself; its operands are
  // separate CFG elements.
  SourceLocation Loc;
  const FunctionDecl *Thrower = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    Loc = Call->getExprLoc();
    Thrower = Call->getDirectCallee();
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    Loc = Construct->getBeginLoc();
    Thrower = Construct->getConstructor();
  } else {
    Loc = cast<CXXThrowExpr>(S)->getThrowLoc();
  }
  std::vector<Escape> Escapes = Losses->Exceptions->escapesOf(S, &Fn);
  llvm::erase_if(Escapes, [&](const Escape &E) {
    SourceLocation Start = E.Rest ? E.Step.Loc : E.Origin.Loc;
    return Start != Loc || E.Noexcept;
  });
  if (Escapes.empty())
    return;
  if (!Thrower && !isa<CXXThrowExpr>(S) && Escapes.front().Rest)
    Thrower = Escapes.front().Step.Callee.decl();
  for (const auto &[Obj, Fact] : P.Objects) {
    const auto *Var = dyn_cast<VarDecl>(Obj);
    if (!Var || !Fact.Joinable)
      continue;
    if (llvm::any_of(Escapes,
                     [&](const Escape &E) { return destroys(S, E, Var); }))
      recordLoss(LossKind::Exception, Var, Fact, Loc, Thrower);
  }
}

void Analysis::solve() {
  findEscapes();
  PostOrderCFGView Order(&G);
  std::vector<const CFGBlock *> Rpo;
  llvm::DenseMap<const CFGBlock *, unsigned> RpoIndex;
  for (const CFGBlock *B : Order) {
    RpoIndex[B] = Rpo.size();
    Rpo.push_back(B);
  }

  PathState Start;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(&Fn);
      Method && Seed != MemberSeed::Unknown && !ThisEscapes)
    for (const FieldDecl *Field : Method->getParent()->fields())
      if (isTrackedType(Field->getType(), true) && !Escaped.count(Field))
        Start.Objects[Field] =
            Seed == MemberSeed::Joinable
                ? ObjectFact::joinable()
                : ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed,
                                          SourceLocation());
  llvm::DenseMap<const CFGBlock *, unsigned> Visits;
  In[&G.getEntry()] = {Start};
  std::set<unsigned> Worklist = {RpoIndex[&G.getEntry()]};
  while (!Worklist.empty()) {
    const CFGBlock *B = Rpo[*Worklist.begin()];
    Worklist.erase(Worklist.begin());
    if (++Visits[B] > MaxVisitsPerBlock) {
      In.clear();
      Observed.clear();
      return;
    }
    PathSet Out;
    for (PathState P : In[B]) {
      for (const CFGElement &E : *B)
        transferElement(E, P, /*Observe=*/false);
      Out.insert(std::move(P));
    }
    // A path that ends in a throw or a noreturn call does not return.
    bool Returns = !B->hasNoReturnElement() &&
                   !(B->size() && B->back().getAs<CFGStmt>() &&
                     isa<CXXThrowExpr>(B->back().castAs<CFGStmt>().getStmt()));
    // Refine two-way branches on a condition; a switch on a local tells
    // each case whether the local is zero.
    const Expr *Cond = nullptr;
    const auto *Switch = dyn_cast_or_null<SwitchStmt>(B->getTerminatorStmt());
    if (B->succ_size() == 2 && !Switch)
      Cond = B->getLastCondition();
    unsigned SuccIdx = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      bool Taken = SuccIdx++ == 0;
      const CFGBlock *S = Succ.getReachableBlock();
      if (!S || (Losses && S == &G.getExit() && !Returns))
        continue;
      bool BackEdge = RpoIndex.lookup(S) <= RpoIndex.lookup(B);
      PathSet &Target = In[S];
      PathSet Before = Target;
      for (PathState P : Out) {
        // Conditions are re-evaluated on each trip round a loop.
        if (BackEdge)
          for (auto It = P.Assumptions.begin(); It != P.Assumptions.end();)
            It = It->second.Observed ? P.Assumptions.erase(It) : std::next(It);
        if (Cond && !refine(P, Cond, Taken))
          continue;
        if (Switch && !refineCase(P, Switch, *S))
          continue;
        Target.insert(std::move(P));
      }
      widen(Target);
      if (Target != Before)
        Worklist.insert(RpoIndex[S]);
    }
  }

  for (const CFGBlock *B : Rpo)
    for (PathState P : In[B])
      for (const CFGElement &E : *B)
        transferElement(E, P, /*Observe=*/true);
}

std::vector<JoinableLoss> Analysis::runForLosses() {
  solve();
  return std::move(Found);
}

MemberExits Analysis::memberOutcomes() const {
  MemberExits Result;
  const auto *Method = dyn_cast<CXXMethodDecl>(&Fn);
  auto Exit = In.find(&G.getExit());
  if (!Method)
    return Result;
  for (const FieldDecl *Field : Method->getParent()->fields()) {
    if (!isTrackedType(Field->getType(), true))
      continue;
    bool AnyJoinable = false, AnyNot = false, AnyUnknown = false;
    MemberExit &R = Result[Field];
    if (Exit == In.end() || Exit->second.empty())
      AnyUnknown = true;
    else
      for (const PathState &P : Exit->second) {
        auto It = P.Objects.find(Field);
        if (It == P.Objects.end()) {
          AnyUnknown = true;
        } else if (It->second.Joinable) {
          AnyJoinable = true;
          if (R.Started.isInvalid())
            R.Started = It->second.Where;
        } else {
          AnyNot = true;
        }
      }
    R.State = AnyUnknown              ? Outcome::Unknown
              : AnyJoinable && AnyNot ? Outcome::Mixed
              : AnyJoinable           ? Outcome::Joinable
                                      : Outcome::NotJoinable;
  }
  return Result;
}

std::vector<NonJoinableCall> Analysis::run() {
  solve();

  std::vector<NonJoinableCall> Result;
  for (auto &[Key, O] : Observed) {
    const CXXMemberCallExpr *Call = std::get<0>(Key);
    // A guarded call meeting its own earlier execution round a loop: the
    // guard usually lets it run once, which the analysis cannot see.
    if (guardedInLoop(Call)) {
      SourceLocation Self = Call->getExprLoc();
      llvm::erase_if(O.Witnesses,
                     [Self](const ObjectFact &W) { return W.Where == Self; });
    }
    if (O.Witnesses.empty() ||
        (O.Witnesses.size() != O.Paths && guardedByUnmodelledCondition(Call)))
      continue;
    const ObjectFact &W = earliestWitness(O.Witnesses);
    Result.push_back(
        {Call, O.Op, O.Object, W.Reason, W.Where, O.Witnesses.size() == O.Paths,
         isa_and_nonnull<CompoundStmt>(PM.getParent(Call)), O.Owner, O.Inner});
  }
  llvm::sort(Result, [](const NonJoinableCall &A, const NonJoinableCall &B) {
    return A.Call->getBeginLoc().getRawEncoding() <
           B.Call->getBeginLoc().getRawEncoding();
  });
  return Result;
}

/// Whether \p Body calls join() or detach() on a thread object, directly or
/// through a member function that does: the analysis has nothing to find
/// anywhere else.
bool hasJoinOrDetach(const Stmt *Body) {
  return anyStatement(Body, [](const Stmt *S) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *M = Call->getMethodDecl(); M && !M->isConst()) {
        if (isThreadClass(M->getParent()) && M->getIdentifier() &&
            (M->getName() == "join" || M->getName() == "detach"))
          return true;
        if (!isThreadClass(M->getParent()) &&
            llvm::any_of(summarizeMemberThreads(M).Effects,
                         [](const auto &E) { return E.second.has_value(); }))
          return true;
      }
    return false;
  });
}

/// Whether \p S mentions a std::thread or a container of them.
bool mentionsThread(const Stmt *Body) {
  return anyStatement(Body, [](const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S);
        E && (isTerminatingThreadType(E->getType()) ||
              isThreadContainerType(E->getType())))
      return true;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && (isTerminatingThreadType(Var->getType()) ||
                    isThreadContainerType(Var->getType())))
          return true;
    return false;
  });
}

/// The functions that name each std::thread member (or container of them)
/// through a member expression, and the classes that own such members.
class MemberUses : public UserCodeVisitor<MemberUses> {
public:
  bool shouldVisitImplicitCode() const { return true; }
  bool TraverseDecl(Decl *D) {
    const auto *F = dyn_cast_or_null<FunctionDecl>(D);
    if (!F)
      return UserCodeVisitor::TraverseDecl(D);
    const FunctionDecl *Saved = Current;
    Current = F;
    bool Result = UserCodeVisitor::TraverseDecl(D);
    Current = Saved;
    return Result;
  }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    const FunctionDecl *Saved = Current;
    Current = L->getCallOperator();
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(L);
    Current = Saved;
    return Result;
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition() && !RD->isDependentContext() &&
        !RD->isLambda())
      Classes.push_back(RD);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *ME) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field || !(isTerminatingThreadType(Field->getType()) ||
                    isThreadContainerType(Field->getType())))
      return true;
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Current);
    if (!Method || Method->getParent() != Field->getParent())
      Outside.insert(Field);
    return true;
  }

  std::vector<const CXXRecordDecl *> Classes;
  /// Members named outside their class's own member functions.
  llvm::SmallPtrSet<const FieldDecl *, 8> Outside;

private:
  const FunctionDecl *Current = nullptr;
};

} // namespace

std::vector<JoinableLoss> findJoinableLosses(const FunctionDecl &Fn,
                                             ASTContext &Ctx,
                                             ExceptionModel &Exceptions) {
  if (!Fn.hasBody() || !mentionsThread(Fn.getBody()))
    return {};
  std::unique_ptr<CFG> G = buildLossCFG(Fn, Ctx);
  if (!G)
    return {};
  LossContext Losses;
  Losses.Exceptions = &Exceptions;
  return Analysis(Fn, Ctx, *G, &Losses).runForLosses();
}

std::vector<JoinableLoss> findJoinableMembers(ASTContext &Ctx) {
  MemberUses Uses;
  Uses.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::vector<JoinableLoss> Result;
  LossContext Losses;
  for (const CXXRecordDecl *Class : Uses.Classes) {
    std::vector<const FieldDecl *> Candidates;
    for (const FieldDecl *Field : Class->fields())
      if ((isTerminatingThreadType(Field->getType()) ||
           isThreadContainerType(Field->getType())) &&
          !Uses.Outside.count(Field))
        Candidates.push_back(Field);
    if (Candidates.empty())
      continue;
    // Where each member is left joinable by a constructor or a member
    // function.
    auto Exits = [&](const CXXMethodDecl *Method, MemberSeed Seed) {
      std::unique_ptr<CFG> G = buildLossCFG(*Method, Ctx);
      if (!G)
        return MemberExits();
      Analysis A(*Method, Ctx, *G, &Losses, Seed);
      A.solve();
      return A.memberOutcomes();
    };
    llvm::DenseMap<const FieldDecl *, SourceLocation> Started;
    bool AnyConstructorBody = false;
    for (const CXXMethodDecl *Method : Class->methods()) {
      if (isa<CXXDestructorDecl>(Method) || !Method->hasBody() ||
          Method->isDependentContext())
        continue;
      AnyConstructorBody |= isa<CXXConstructorDecl>(Method);
      MemberExits Out = Exits(Method, MemberSeed::NotJoinable);
      for (const FieldDecl *Field : Candidates)
        if (auto It = Out.find(Field);
            It != Out.end() && (It->second.State == Outcome::Joinable ||
                                It->second.State == Outcome::Mixed))
          Started.try_emplace(Field, It->second.Started);
    }
    // A default member initializer starts the thread in constructors this
    // translation unit does not define.
    if (!AnyConstructorBody)
      for (const FieldDecl *Field : Candidates)
        if (const Expr *Init = Field->getInClassInitializer()) {
          std::optional<ObjectFact> F =
              isThreadContainerType(Field->getType())
                  ? containerInitState(Init, Field->getLocation())
                  : constructedState(Init, Field->getLocation());
          if (F && F->Joinable)
            Started.try_emplace(Field, Field->getLocation());
        }
    if (Started.empty())
      continue;
    const CXXDestructorDecl *Dtor = Class->getDestructor();
    const FunctionDecl *DtorDef = nullptr;
    bool HasBody = Dtor && Dtor->isUserProvided() && Dtor->hasBody(DtorDef);
    MemberExits AtDestruction;
    if (HasBody)
      AtDestruction = Exits(cast<CXXMethodDecl>(DtorDef), MemberSeed::Joinable);
    SourceLocation Where =
        Dtor && !Dtor->isImplicit() ? Dtor->getLocation() : SourceLocation();
    for (const FieldDecl *Field : Candidates) {
      auto Start = Started.find(Field);
      if (Start == Started.end())
        continue;
      if (HasBody) {
        auto It = AtDestruction.find(Field);
        if (It == AtDestruction.end() || It->second.State != Outcome::Joinable)
          continue;
      }
      Result.push_back(
          {LossKind::OwnerDestroyed, Field, Where, nullptr, Start->second});
    }
  }
  return Result;
}

std::vector<NonJoinableCall> findNonJoinableCalls(const FunctionDecl &Fn,
                                                  ASTContext &Ctx) {
  if (!Fn.hasBody() || !hasJoinOrDetach(Fn.getBody()))
    return {};
  std::unique_ptr<CFG> G = buildStatementCFG(Fn);
  if (!G)
    return {};
  return Analysis(Fn, Ctx, *G).run();
}

} // namespace clang::tidy::daemon
