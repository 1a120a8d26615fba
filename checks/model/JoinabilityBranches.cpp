//===-- JoinabilityBranches.cpp - what paths learn from conditions --------===//

#include "JoinabilityFlow.h"

namespace clang::tidy::daemon {
namespace {

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

} // namespace

void JoinabilityFlow::invalidateAssumptions(const Expr *Written, PathState &P) {
  llvm::SmallPtrSet<const Decl *, 4> Decls;
  collectReadDecls(Written, Decls);
  for (auto It = P.Assumptions.begin(); It != P.Assumptions.end();) {
    const auto &Reads = ConditionReads[It->first];
    bool Hit =
        llvm::any_of(Decls, [&](const Decl *D) { return Reads.count(D); });
    It = Hit ? P.Assumptions.erase(It) : std::next(It);
  }
}

bool JoinabilityFlow::isStable(const Expr *E) const {
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

std::optional<ConditionKey> JoinabilityFlow::stableKey(const Expr *Cond) {
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

void JoinabilityFlow::assignConstant(const Expr *Lhs, const Expr *Rhs,
                                     PathState &P) {
  invalidateAssumptions(Lhs, P);
  std::optional<llvm::APSInt> Value =
      Rhs ? Rhs->getIntegerConstantExpr(Ctx) : std::nullopt;
  if (!Value)
    return;
  if (std::optional<ConditionKey> Key = stableKey(Lhs))
    P.Assumptions[*Key] = Assumed{Value->getBoolValue(), /*Observed=*/false};
}

bool JoinabilityFlow::guardedByUnmodelledCondition(const Stmt *Call) const {
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

const ValueDecl *JoinabilityFlow::joinableTest(const Expr *Cond,
                                               bool &Negated) const {
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

bool JoinabilityFlow::guardedInLoop(const Stmt *Call) const {
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

bool JoinabilityFlow::refine(PathState &P, const Expr *Cond, bool Taken) {
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

bool JoinabilityFlow::refineCase(PathState &P, const SwitchStmt *Switch,
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

} // namespace clang::tidy::daemon
