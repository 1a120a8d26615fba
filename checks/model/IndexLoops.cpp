//===-- IndexLoops.cpp - counting loops over array elements ---------------===//

#include "IndexLoops.h"
#include "Origins.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/FoldingSet.h"

namespace clang::tidy::daemon {
namespace {

/// The local variable \p E names, if any.
const VarDecl *localVar(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// Whether the value of \p E cannot change while \p Context runs: built
/// from constants, `sizeof`, and variables never written after their
/// initialisation (const globals included).
bool isFixed(const Expr *E, const FunctionDecl &Context) {
  E = E->IgnoreParenImpCasts();
  if (E->isIntegerConstantExpr(Context.getASTContext()) ||
      isa<UnaryExprOrTypeTraitExpr>(E))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return isa<EnumConstantDecl>(Ref->getDecl());
    if (Var->getType().isConstQualified())
      return true;
    return Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
           !writesTo(Var, &Context).any();
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && isFixed(BO->getLHS(), Context) &&
           isFixed(BO->getRHS(), Context);
  return false;
}

/// Whether \p S writes \p Var: an assignment, an increment, its address.
bool writes(const Stmt *S, const VarDecl *Var) {
  if (!S)
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && BO->isAssignmentOp() && localVar(BO->getLHS()) == Var)
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) &&
      localVar(UO->getSubExpr()) == Var)
    return true;
  return llvm::any_of(S->children(),
                      [Var](const Stmt *C) { return writes(C, Var); });
}

unsigned profileOf(const Expr *E, const ASTContext &Ctx) {
  llvm::FoldingSetNodeID ID;
  E->IgnoreParenImpCasts()->Profile(ID, Ctx, /*Canonical=*/true);
  return ID.ComputeHash();
}

} // namespace

std::optional<IndexLoop> indexLoopOf(const ForStmt &For,
                                     const FunctionDecl &Context) {
  const ASTContext &Ctx = Context.getASTContext();
  // The index and its first value.
  const VarDecl *Index = nullptr;
  const Expr *Lo = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(For.getInit());
      DS && DS->isSingleDecl()) {
    Index = dyn_cast<VarDecl>(DS->getSingleDecl());
    Lo = Index ? Index->getInit() : nullptr;
  } else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(
                 For.getInit() ? dyn_cast<Expr>(For.getInit()) : nullptr);
             Assign && Assign->getOpcode() == BO_Assign) {
    Index = localVar(Assign->getLHS());
    Lo = Assign->getRHS();
  }
  if (!Index || !Lo || !Index->getType()->isIntegerType() ||
      !isFixed(Lo, Context))
    return std::nullopt;
  // `I < Hi`, `I != Hi`, `Hi > I`.
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For.getCond() ? For.getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond)
    return std::nullopt;
  const Expr *Hi = nullptr;
  if ((Cond->getOpcode() == BO_LT || Cond->getOpcode() == BO_NE) &&
      localVar(Cond->getLHS()) == Index)
    Hi = Cond->getRHS();
  else if (Cond->getOpcode() == BO_GT && localVar(Cond->getRHS()) == Index)
    Hi = Cond->getLHS();
  if (!Hi || !isFixed(Hi, Context))
    return std::nullopt;
  // `++I`, `I++`, `I += 1`.
  const Expr *Inc =
      For.getInc() ? For.getInc()->IgnoreParenImpCasts() : nullptr;
  bool Steps = false;
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Inc))
    Steps = UO->isIncrementOp() && localVar(UO->getSubExpr()) == Index;
  else if (const auto *CA = dyn_cast_or_null<CompoundAssignOperator>(Inc))
    Steps = CA->getOpcode() == BO_AddAssign &&
            localVar(CA->getLHS()) == Index &&
            CA->getRHS()->getIntegerConstantExpr(Ctx) == llvm::APSInt::get(1);
  if (!Steps || writes(For.getBody(), Index))
    return std::nullopt;
  IndexLoop Loop{&For, Index, {profileOf(Lo, Ctx), profileOf(Hi, Ctx)}, {}, {}};
  if (std::optional<llvm::APSInt> V = Lo->getIntegerConstantExpr(Ctx);
      V && V->getSignificantBits() <= 64)
    Loop.Lo = V->getExtValue();
  if (std::optional<llvm::APSInt> V = Hi->getIntegerConstantExpr(Ctx);
      V && V->getSignificantBits() <= 64)
    Loop.Hi = V->getExtValue();
  return Loop;
}

std::optional<IndexedElement> indexedElement(const Expr *E, bool AddressOf,
                                             const ParentMap &PM,
                                             const FunctionDecl &Context) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenCasts();
  const Expr *Base = nullptr, *Idx = nullptr;
  if (AddressOf) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParens();
    else if (const auto *Add = dyn_cast<BinaryOperator>(E);
             Add && Add->getOpcode() == BO_Add) {
      Base = Add->getLHS();
      Idx = Add->getRHS();
    } else {
      return std::nullopt;
    }
  }
  if (!Base) {
    const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E);
    if (!Subscript)
      return std::nullopt;
    Base = Subscript->getBase();
    Idx = Subscript->getIdx();
  }
  // The array itself, decayed: a local or a member of `this`.
  const auto *Decay = dyn_cast<ImplicitCastExpr>(Base->IgnoreParens());
  if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
    return std::nullopt;
  const Expr *Array = Decay->getSubExpr()->IgnoreParens();
  const ValueDecl *Decl = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Array)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasLocalStorage() && Var->getType()->isConstantArrayType())
      Decl = Var;
  } else if (const auto *Member = dyn_cast<MemberExpr>(Array);
             Member &&
             isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts())) {
    Decl = dyn_cast<FieldDecl>(Member->getMemberDecl());
  }
  const VarDecl *Index = localVar(Idx);
  if (!Decl || !Index)
    return std::nullopt;
  // The innermost enclosing loop over that index.
  for (const Stmt *S = PM.getParent(E); S; S = PM.getParent(S))
    if (const auto *For = dyn_cast<ForStmt>(S)) {
      std::optional<IndexLoop> Loop = indexLoopOf(*For, Context);
      if (Loop && Loop->Index == Index)
        return IndexedElement{Decl, *Loop};
      if (Loop)
        return std::nullopt;
    }
  return std::nullopt;
}

} // namespace clang::tidy::daemon
