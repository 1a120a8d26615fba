//===-- JoinabilityFlow.cpp - the walk and the transfer of statements -----===//

#include "JoinabilityFlow.h"
#include "PathSets.h"
#include "ThreadObjectExprs.h"

namespace clang::tidy::daemon {
namespace {

/// Limits that keep the analysis bounded; past them it gives up silently.
constexpr size_t MaxPathsPerBlock = 32;
constexpr unsigned MaxVisitsPerBlock = 64;

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

} // namespace

const Stmt *JoinabilityFlow::parentOf(const Stmt *S) const {
  const Stmt *P = PM.getParent(S);
  while (P && (isa<ParenExpr>(P) ||
               (isa<ImplicitCastExpr>(P) &&
                cast<ImplicitCastExpr>(P)->getCastKind() == CK_NoOp)))
    P = PM.getParent(P);
  return P;
}

void JoinabilityFlow::handleThreadMemberCall(const CXXMemberCallExpr *Call,
                                             PathState &P, bool Observe) {
  const ValueDecl *Obj = tracked(Call->getImplicitObjectArgument());
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Obj && Losses)
    Obj = ownerOfThread(Call->getImplicitObjectArgument());
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
  if (Method && !isThreadClass(Method->getParent())) {
    handleOwnerCall(Call, Obj, P);
    return;
  }
  if (!Method || !Method->getIdentifier())
    return;
  StringRef Name = Method->getName();
  if (Name == "join" || Name == "detach") {
    ThreadOp Op = Name == "join" ? ThreadOp::Join : ThreadOp::Detach;
    auto It = P.Objects.find(Obj);
    std::optional<ObjectFact> Before;
    if (It != P.Objects.end())
      Before = It->second;
    P.Objects[Obj] = endedByCall(Call, nullptr, Obj, Op, /*Guarded=*/false,
                                 SourceLocation(), Before, Observe);
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

void JoinabilityFlow::forgetMembers(PathState &P) {
  for (auto It = P.Objects.begin(); It != P.Objects.end();)
    It = isa<FieldDecl>(It->first) ? P.Objects.erase(It) : std::next(It);
}

void JoinabilityFlow::forgetOwned(PathState &P, const VarDecl *Owner) {
  for (auto It = P.Owned.begin(); It != P.Owned.end();)
    It = It->first.first == Owner ? P.Owned.erase(It) : std::next(It);
}

void JoinabilityFlow::handleAssignment(const CXXOperatorCallExpr *Op,
                                       PathState &P, bool Observe) {
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
  if (std::optional<ObjectFact> F =
          initialState(Obj, Rhs, Rhs->getBeginLoc())) {
    P.Objects[Obj] = *F;
    if (Losses && F->Joinable)
      P.Objects[Obj].Where = Rhs->getBeginLoc();
  } else {
    P.Objects.erase(Obj);
  }
}

void JoinabilityFlow::handleParamOps(const CallExpr *Call, PathState &P,
                                     bool Observe) {
  for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
    const Expr *Arg = skipTransparent(Call->getArg(I));
    if (const auto *AddressOf = dyn_cast<UnaryOperator>(Arg);
        AddressOf && AddressOf->getOpcode() == UO_AddrOf)
      Arg = AddressOf->getSubExpr();
    const ValueDecl *Obj = tracked(Arg);
    const ParamThreadOp *Op = Obj ? paramOpAt(Call, I) : nullptr;
    if (!Op)
      continue;
    if (!Op->OnEveryPath) {
      P.Objects.erase(Obj);
      continue;
    }
    auto It = P.Objects.find(Obj);
    std::optional<ObjectFact> Before;
    if (It != P.Objects.end())
      Before = It->second;
    P.Objects[Obj] = endedByCall(Call, nullptr, Obj, Op->Op, Op->Guarded,
                                 Op->Loc, Before, Observe);
  }
}

ObjectFact JoinabilityFlow::endedByCall(const CallExpr *Call,
                                        const VarDecl *Owner,
                                        const ValueDecl *Obj, ThreadOp Op,
                                        bool Guarded, SourceLocation Inner,
                                        const std::optional<ObjectFact> &Before,
                                        bool Observe) {
  // Guarded: ends the thread if it was joinable; never meets an ended one.
  if (Guarded && Before && !Before->Joinable)
    return *Before;
  if (!Guarded && Observe) {
    Observation &O = Observed[{Call, Owner, Obj}];
    O.Object = Obj;
    O.Owner = Owner;
    O.Op = Op;
    O.Inner = Inner;
    ++O.Paths;
    if (Before && !Before->Joinable)
      O.Witnesses.push_back(*Before);
  }
  return ObjectFact::notJoinable(Op == ThreadOp::Join
                                     ? NotJoinableReason::Joined
                                     : NotJoinableReason::Detached,
                                 Call->getExprLoc());
}

void JoinabilityFlow::transfer(const Stmt *S, PathState &P, bool Observe) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    handleParamOps(Call, P, Observe);
  if (const auto *For = dyn_cast_or_null<ForStmt>(PM.getParent(S));
      Losses && For && For->getInit() == S)
    handleIndexLoop(*For, P);
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
          initialState(VD, VD->getInit(), VD->getLocation());
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

void JoinabilityFlow::transferElement(const CFGElement &E, PathState &P,
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
    std::optional<ObjectFact> F = initialState(Field, Value, Where);
    if (F && F->Joinable)
      F->Where = Where;
    if (F)
      P.Objects[Field] = *F;
    else
      P.Objects.erase(Field);
  }
}

void JoinabilityFlow::solve() {
  findEscapes();
  BlockOrder Order(G);
  const std::vector<const CFGBlock *> &Rpo = Order.Blocks;
  const llvm::DenseMap<const CFGBlock *, unsigned> &RpoIndex = Order.Index;

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
  std::set<unsigned> Worklist = {RpoIndex.lookup(&G.getEntry())};
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
        Worklist.insert(RpoIndex.lookup(S));
    }
  }

  for (const CFGBlock *B : Rpo)
    for (PathState P : In[B])
      for (const CFGElement &E : *B)
        transferElement(E, P, /*Observe=*/true);
}

} // namespace clang::tidy::daemon
