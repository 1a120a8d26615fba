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

/// One abstract path: the facts known about thread objects (an absent object
/// is unknown) and the branch conditions assumed on the way.
struct PathState {
  std::map<const ValueDecl *, ObjectFact> Objects;
  std::map<unsigned, bool> Assumptions;

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
  unsigned conditionId(const Expr *Cond);

  const Stmt *parentOf(const Stmt *S) const;

  ASTContext &Ctx;
  const CFG &G;
  ParentMap PM;
  llvm::SmallPtrSet<const ValueDecl *, 8> Escaped;
  bool ThisEscapes = false;
  llvm::DenseMap<unsigned, llvm::SmallPtrSet<const Decl *, 4>> ConditionReads;

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
      for (auto It = P.Objects.begin(); It != P.Objects.end();)
        It = isa<FieldDecl>(It->first) ? P.Objects.erase(It) : std::next(It);
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
  // The standard library's sinks (push_back, emplace_back, ...) move.
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Taker)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
    if (Callee && (Callee->isInStdNamespace() ||
                   (Method && Method->getParent()->isInStdNamespace())))
      return UseKind::MovedFrom;
  }
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
      const auto *Use = dyn_cast<Expr>(S->getStmt());
      if (!Use || !isa<DeclRefExpr, MemberExpr>(Use))
        continue;
      const Expr *Move = nullptr;
      if (const ValueDecl *Obj = trackedObject(Use);
          Obj && classifyUse(Use, Obj, Move) == UseKind::Escapes)
        Escaped.insert(Obj);
    }
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
    if (BO->isAssignmentOp())
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

unsigned Analysis::conditionId(const Expr *Cond) {
  llvm::FoldingSetNodeID ID;
  Cond->Profile(ID, Ctx, /*Canonical=*/true);
  unsigned Id = ID.ComputeHash();
  auto &Reads = ConditionReads[Id];
  if (Reads.empty())
    collectReadDecls(Cond, Reads);
  return Id;
}

bool Analysis::refine(PathState &P, const Expr *Cond, bool Taken) {
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      break;
    Taken = !Taken;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  // `t.joinable()` tells exactly what the branch knows.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    if (const ValueDecl *Obj = tracked(Call->getImplicitObjectArgument());
        Obj && M && M->getIdentifier() && M->getName() == "joinable") {
      auto It = P.Objects.find(Obj);
      if (It != P.Objects.end())
        return It->second.Joinable == Taken;
      if (Taken)
        P.Objects[Obj] = ObjectFact::joinable();
      return true;
    }
  }
  unsigned Id = conditionId(Cond);
  auto [It, Inserted] = P.Assumptions.try_emplace(Id, Taken);
  return Inserted || It->second == Taken;
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
    const Expr *Cond = nullptr;
    if (B->succ_size() == 2)
      Cond = dyn_cast_or_null<Expr>(B->getTerminatorCondition());
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
          P.Assumptions.clear();
        if (Cond && !refine(P, Cond, Taken))
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
  for (const auto &[Call, O] : Observed) {
    if (O.Witnesses.empty())
      continue;
    // The earliest cause in the source makes the clearest note.
    const ObjectFact &W = *llvm::min_element(
        O.Witnesses, [](const ObjectFact &A, const ObjectFact &B) {
          return A.Where.getRawEncoding() < B.Where.getRawEncoding();
        });
    Result.push_back({Call, O.Op, O.Object, W.Reason, W.Where,
                      O.Witnesses.size() == O.Paths});
  }
  llvm::sort(Result, [](const NonJoinableCall &A, const NonJoinableCall &B) {
    return A.Call->getBeginLoc().getRawEncoding() <
           B.Call->getBeginLoc().getRawEncoding();
  });
  return Result;
}

} // namespace

std::vector<NonJoinableCall> findNonJoinableCalls(const FunctionDecl &Fn,
                                                  ASTContext &Ctx) {
  if (!Fn.hasBody())
    return {};
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> G = CFG::buildCFG(&Fn, Fn.getBody(), &Ctx, Options);
  if (!G)
    return {};
  return Analysis(Fn, Ctx, *G).run();
}

} // namespace clang::tidy::daemon
