//===-- JoinabilityEscapes.cpp - which thread objects the flow follows ----===//

#include "Callables.h"
#include "JoinabilityFlow.h"
#include "Names.h"
#include "Statements.h"
#include "ThreadObjectExprs.h"

namespace clang::tidy::daemon {
JoinabilityFlow::UseKind JoinabilityFlow::classifyUse(const Expr *Use,
                                                      const ValueDecl *Obj,
                                                      const Expr *&Move) const {
  const Stmt *Parent = parentOf(Use);
  // `Threads[I].join()` in an index loop: followed at the loop.
  if (const auto *Decay = dyn_cast_or_null<ImplicitCastExpr>(Parent);
      Decay && Decay->getCastKind() == CK_ArrayToPointerDecay)
    return Losses && isFollowedElementUse(Decay, Obj) ? UseKind::Followed
                                                      : UseKind::Escapes;
  // `O->join()`, `(*O).join()` on an owner of a thread: followed at the call;
  // `O != nullptr` reads it.
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
      Op && isThreadOwnerType(Obj->getType())) {
    if (Op->getOperator() == OO_EqualEqual ||
        Op->getOperator() == OO_ExclaimEqual)
      return UseKind::Harmless;
    const auto *Member = dyn_cast_or_null<MemberExpr>(parentOf(Op));
    const auto *Call =
        Member ? dyn_cast_or_null<CXXMemberCallExpr>(parentOf(Member))
               : nullptr;
    if (Call && Call->getCallee()->IgnoreParens() == Member &&
        ownerOfThread(Call->getImplicitObjectArgument()) == Obj)
      return UseKind::Followed;
  }
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
  // Handed (by reference, or its address) to a function that joins or
  // detaches it and does nothing else with it: followed at the call.
  const Expr *Arg = Use;
  if (const auto *AddressOf = dyn_cast_or_null<UnaryOperator>(Parent);
      AddressOf && AddressOf->getOpcode() == UO_AddrOf)
    Arg = AddressOf;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(parentOf(Arg)))
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I)
      if (skipTransparent(Call->getArg(I)) == Arg && paramOpAt(Call, I))
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

void JoinabilityFlow::noteOwnerUse(
    const Expr *Use, llvm::DenseMap<const VarDecl *, bool> &Uses) const {
  const auto *DRE = dyn_cast<DeclRefExpr>(Use);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
    return;
  const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
  if (!RD || isThreadClass(RD) || destroysThreads(Var->getType()))
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

void JoinabilityFlow::findEscapes() {
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
        bool IntoThread = Losses && handedToNewThread(This);
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

bool JoinabilityFlow::handedToNewThread(const Expr *E, unsigned Depth) const {
  const Stmt *Child = E;
  for (const Stmt *Parent = PM.getParent(E); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    // What carries a value on unchanged, or into a callable: a lambda's
    // capture, a functor's initialiser.
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, CXXFunctionalCastExpr, InitListExpr,
            LambdaExpr, ExprWithCleanups>(Parent))
      continue;
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent)) {
      if (isStdThreadClass(Construct->getConstructor()->getParent()))
        return true;
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Parent)) {
      const Expr *Container = Call->getImplicitObjectArgument();
      return Child != Call->getCallee() &&
             isSequenceInserter(Call->getMethodDecl()) && Container &&
             isThreadContainerType(Container->getType());
    }
    if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && (hasQualifiedName(Callee, "std::bind") ||
                     hasQualifiedName(Callee, "boost::bind") ||
                     hasQualifiedName(Callee, "std::ref") ||
                     hasQualifiedName(Callee, "std::cref") ||
                     hasQualifiedName(Callee, "std::move")))
        continue;
      return false;
    }
    // A local callable (`auto Body = [this] { run(); };`): every use of it
    // must go to a new thread.
    const auto *DS = dyn_cast<DeclStmt>(Parent);
    if (!DS || Depth > 0)
      return false;
    for (const Decl *D : DS->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var || Var->getInit() != Child || !Var->hasLocalStorage() ||
          Var->getType()->isReferenceType())
        continue;
      bool AnyUse = false;
      bool Escapes = anyStatement(Fn.getBody(), [&](const Stmt *S) {
        const auto *Ref = dyn_cast<DeclRefExpr>(S);
        if (!Ref || Ref->getDecl() != Var)
          return false;
        AnyUse = true;
        return !handedToNewThread(Ref, Depth + 1);
      });
      return AnyUse && !Escapes;
    }
    return false;
  }
  return false;
}

const ParamThreadOp *JoinabilityFlow::paramOpAt(const CallExpr *Call,
                                                unsigned ArgIndex) const {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const ParmVarDecl *Param =
      Callee ? paramForArgument(*Call, *Callee, ArgIndex) : nullptr;
  if (!Param)
    return nullptr;
  auto It = ParamOps.find(Callee);
  if (It == ParamOps.end())
    It = ParamOps.emplace(Callee, paramThreadOps(*Callee)).first;
  return findParamThreadOp(It->second, Param->getFunctionScopeIndex());
}

bool JoinabilityFlow::mayChangeUnseen(const DeclRefExpr *Use) const {
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

void JoinabilityFlow::noteWrites(const Stmt *S) {
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

const ValueDecl *JoinabilityFlow::tracked(const Expr *E) const {
  const ValueDecl *Obj = trackedObject(E, Losses != nullptr);
  if (!Obj || Escaped.count(Obj) || (isa<FieldDecl>(Obj) && ThisEscapes))
    return nullptr;
  return Obj;
}

} // namespace clang::tidy::daemon
