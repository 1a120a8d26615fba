//===-- ThreadObjectFlow.cpp - joinability of thread objects --------------===//

#include "ThreadObjectFlow.h"
#include "Names.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
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

/// One abstract path: the facts known about thread objects (an absent object
/// is unknown) and the branch conditions assumed on the way.
struct PathState {
  std::map<const ValueDecl *, ObjectFact> Objects;
  std::map<ConditionKey, Assumed> Assumptions;

  auto key() const { return std::tie(Objects, Assumptions); }
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

/// The thread object \p E denotes, when the analysis can follow it: a local
/// variable or parameter held by value, or a member of `this`.
const ValueDecl *trackedObject(const Expr *E) {
  if (!E)
    return nullptr;
  E = skipTransparent(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
        isStdThreadObjectType(VD->getType()))
      return VD;
    return nullptr;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (FD && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
        isStdThreadObjectType(FD->getType()))
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
  Init = skipTemporaries(Init);
  if (const auto *ILE = dyn_cast<InitListExpr>(Init);
      ILE && ILE->getNumInits() == 0)
    return ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed,
                                   Where);
  const auto *CE = dyn_cast<CXXConstructExpr>(Init);
  if (!CE || !isStdThreadClass(CE->getConstructor()->getParent()))
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

/// The flow analysis of one function.
class Analysis {
public:
  Analysis(const FunctionDecl &Fn, ASTContext &Ctx, const CFG &G)
      : Ctx(Ctx), G(G), PM(Fn.getBody()) {}

  std::vector<NonJoinableCall> run();

private:
  /// Applies the effect of one CFG statement to a path. When \p Observe is
  /// set, records what each join/detach meets.
  void transfer(const Stmt *S, PathState &P, bool Observe);
  void handleThreadMemberCall(const CXXMemberCallExpr *Call, PathState &P,
                              bool Observe);
  void handleAssignment(const CXXOperatorCallExpr *Op, PathState &P);
  static void forgetMembers(PathState &P);
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

  ASTContext &Ctx;
  const CFG &G;
  ParentMap PM;
  llvm::SmallPtrSet<const ValueDecl *, 8> Escaped;
  bool ThisEscapes = false;
  /// Locals whose value may change unseen (address taken, non-const
  /// reference, captured by reference).
  llvm::SmallPtrSet<const VarDecl *, 8> Unstable;
  /// Locals that are written after their initialisation.
  llvm::SmallPtrSet<const VarDecl *, 8> Written;
  /// `bool R = T.joinable();` with R never written.
  llvm::DenseMap<const VarDecl *, const ValueDecl *> JoinableAliases;
  std::map<ConditionKey, llvm::SmallPtrSet<const Decl *, 4>> ConditionReads;

  /// Per join/detach call in the observing pass: paths seen and the
  /// witnesses among them.
  struct Observation {
    const ValueDecl *Object = nullptr;
    ThreadOp Op = ThreadOp::Join;
    unsigned Paths = 0;
    std::vector<ObjectFact> Witnesses;
  };
  std::map<const CXXMemberCallExpr *, Observation> Observed;
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
    if (Base && isa<CXXThisExpr>(Base->IgnoreParenImpCasts()) && Method &&
        !Method->isConst())
      forgetMembers(P);
    return;
  }
  if (!Method || !Method->getIdentifier())
    return;
  StringRef Name = Method->getName();
  if (Name == "join" || Name == "detach") {
    ThreadOp Op = Name == "join" ? ThreadOp::Join : ThreadOp::Detach;
    if (Observe) {
      Observation &O = Observed[Call];
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
      Name == "get_stop_source" || Name == "get_stop_token")
    return;
  P.Objects.erase(Obj);
}

void Analysis::forgetMembers(PathState &P) {
  for (auto It = P.Objects.begin(); It != P.Objects.end();)
    It = isa<FieldDecl>(It->first) ? P.Objects.erase(It) : std::next(It);
}

void Analysis::handleAssignment(const CXXOperatorCallExpr *Op, PathState &P) {
  const ValueDecl *Obj = tracked(Op->getArg(0));
  if (!Obj)
    return;
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
    P.Objects[Src] = ObjectFact::notJoinable(NotJoinableReason::MovedFrom,
                                             Rhs->getBeginLoc());
    return;
  }
  if (std::optional<ObjectFact> F = constructedState(Rhs, Rhs->getBeginLoc()))
    P.Objects[Obj] = *F;
  else
    P.Objects.erase(Obj);
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

void Analysis::findEscapes() {
  for (const CFGBlock *B : G)
    for (const CFGElement &E : *B) {
      std::optional<CFGStmt> S = E.getAs<CFGStmt>();
      if (!S)
        continue;
      if (const auto *This = dyn_cast<CXXThisExpr>(S->getStmt())) {
        // `this` used other than to name a member: passed, stored, captured.
        ThisEscapes |= !isa_and_nonnull<MemberExpr>(parentOf(This));
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
      const Expr *Move = nullptr;
      if (const ValueDecl *Obj = trackedObject(Use);
          Obj && classifyUse(Use, Obj, Move) == UseKind::Escapes)
        Escaped.insert(Obj);
      else if (const auto *DRE = dyn_cast<DeclRefExpr>(Use))
        if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
            Var && Var->hasLocalStorage() && mayChangeUnseen(DRE))
          Unstable.insert(Var);
    }
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
  const ValueDecl *Obj = trackedObject(E);
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
      handleAssignment(Op, P);
    if (Op->isAssignmentOp())
      invalidateAssumptions(Op->getArg(0), P);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
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
      if (!VD || !VD->hasLocalStorage() ||
          !isStdThreadObjectType(VD->getType()) || Escaped.count(VD))
        continue;
      if (std::optional<ObjectFact> F =
              constructedState(VD->getInit(), VD->getLocation()))
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
  for (const PathState &P : Paths)
    for (auto It = Merged.Objects.begin(); It != Merged.Objects.end();) {
      auto Other = P.Objects.find(It->first);
      bool Same = Other != P.Objects.end() && Other->second == It->second;
      It = Same ? std::next(It) : Merged.Objects.erase(It);
    }
  Paths = {Merged};
}

std::vector<NonJoinableCall> Analysis::run() {
  findEscapes();
  PostOrderCFGView Order(&G);
  std::vector<const CFGBlock *> Rpo;
  llvm::DenseMap<const CFGBlock *, unsigned> RpoIndex;
  for (const CFGBlock *B : Order) {
    RpoIndex[B] = Rpo.size();
    Rpo.push_back(B);
  }

  llvm::DenseMap<const CFGBlock *, PathSet> In;
  llvm::DenseMap<const CFGBlock *, unsigned> Visits;
  In[&G.getEntry()] = {PathState()};
  std::set<unsigned> Worklist = {RpoIndex[&G.getEntry()]};
  while (!Worklist.empty()) {
    const CFGBlock *B = Rpo[*Worklist.begin()];
    Worklist.erase(Worklist.begin());
    if (++Visits[B] > MaxVisitsPerBlock)
      return {};
    PathSet Out;
    for (PathState P : In[B]) {
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          transfer(S->getStmt(), P, /*Observe=*/false);
      Out.insert(std::move(P));
    }
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
      if (!S)
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
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          transfer(S->getStmt(), P, /*Observe=*/true);

  std::vector<NonJoinableCall> Result;
  for (auto &[Call, O] : Observed) {
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
    // The earliest cause in the source makes the clearest note.
    const ObjectFact &W = *llvm::min_element(
        O.Witnesses, [](const ObjectFact &A, const ObjectFact &B) {
          return A.Where.getRawEncoding() < B.Where.getRawEncoding();
        });
    Result.push_back({Call, O.Op, O.Object, W.Reason, W.Where,
                      O.Witnesses.size() == O.Paths,
                      isa_and_nonnull<CompoundStmt>(PM.getParent(Call))});
  }
  llvm::sort(Result, [](const NonJoinableCall &A, const NonJoinableCall &B) {
    return A.Call->getBeginLoc().getRawEncoding() <
           B.Call->getBeginLoc().getRawEncoding();
  });
  return Result;
}

/// Whether \p Body calls join() or detach() on a std thread object: the
/// analysis has nothing to find anywhere else. Walks with an explicit stack:
/// an expression such as `a + b + ...` nests as deep as it is long.
bool hasJoinOrDetach(const Stmt *Body) {
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *M = Call->getMethodDecl();
          M && M->getIdentifier() &&
          (M->getName() == "join" || M->getName() == "detach") &&
          isStdThreadClass(M->getParent()))
        return true;
    Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

} // namespace

std::vector<NonJoinableCall> findNonJoinableCalls(const FunctionDecl &Fn,
                                                  ASTContext &Ctx) {
  if (!Fn.hasBody() || !hasJoinOrDetach(Fn.getBody()))
    return {};
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> G = CFG::buildCFG(&Fn, Fn.getBody(), &Ctx, Options);
  if (!G)
    return {};
  return Analysis(Fn, Ctx, *G).run();
}

} // namespace clang::tidy::daemon
