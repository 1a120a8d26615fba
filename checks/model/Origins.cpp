//===-- Origins.cpp - where a descriptor or stream comes from -------------===//

#include "Origins.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::daemon {
namespace {

/// Collects the right-hand sides of assignments to one variable.
class AssignmentFinder : public RecursiveASTVisitor<AssignmentFinder> {
public:
  explicit AssignmentFinder(const VarDecl *Var) : Var(Var) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
        DRE && DRE->getDecl() == Var)
      Values.push_back(BO->getRHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    // Its address escapes: anything may be stored through it.
    if (UO->getOpcode() == UO_AddrOf)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
          DRE && DRE->getDecl() == Var)
        Escapes = true;
    return true;
  }

  const VarDecl *Var;
  llvm::SmallVector<const Expr *, 2> Values;
  bool Escapes = false;
};

void trace(const Expr *E, const FunctionDecl *Context, const ASTContext &Ctx,
           Origins &Out, unsigned Depth) {
  if (!E || Depth > 8) {
    Out.Opaque = true;
    return;
  }
  E = E->IgnoreParenCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Out.Calls.push_back(Call);
    return;
  }
  if (std::optional<llvm::APSInt> Value = E->getIntegerConstantExpr(Ctx)) {
    Out.Constants.push_back(Value->getExtValue());
    return;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) || !Context ||
      !Context->getBody()) {
    Out.Opaque = true;
    return;
  }
  AssignmentFinder Finder(Var);
  Finder.TraverseStmt(Context->getBody());
  if (Finder.Escapes)
    Out.Opaque = true;
  if (Var->getInit())
    trace(Var->getInit(), Context, Ctx, Out, Depth + 1);
  for (const Expr *Value : Finder.Values)
    trace(Value, Context, Ctx, Out, Depth + 1);
}

} // namespace

bool Origins::fromCallTo(std::initializer_list<llvm::StringRef> Names) const {
  for (const CallExpr *Call : Calls)
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      for (llvm::StringRef Name : Names)
        if (hasQualifiedName(Callee, Name))
          return true;
  return false;
}

Origins traceOrigins(const Expr *E, const FunctionDecl *Context,
                     const ASTContext &Ctx) {
  Origins Out;
  trace(E, Context, Ctx, Out, 0);
  return Out;
}

} // namespace clang::tidy::daemon
