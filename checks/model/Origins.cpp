//===-- Origins.cpp - where a descriptor or stream comes from -------------===//

#include "Origins.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::daemon {
namespace {

/// Collects the writes to one variable.
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  explicit WriteFinder(const VarDecl *Var) : Var(Var) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && refersToVar(BO->getLHS())) {
      if (BO->getOpcode() == BO_Assign)
        Writes.Assigned.push_back(BO->getRHS());
      else
        Writes.Opaque = true;
    }
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
        refersToVar(Op->getArg(0))) {
      if (Op->getOperator() == OO_Equal)
        Writes.Assigned.push_back(Op->getArg(1));
      else
        Writes.Opaque = true;
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    // An address that escapes, or an update in place.
    if ((UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp()) &&
        refersToVar(UO->getSubExpr()))
      Writes.Opaque = true;
    return true;
  }
  bool refersToVar(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == Var;
  }

  const VarDecl *Var;
  VarWrites Writes;
};

bool isStdStream(const VarDecl *Var) {
  return Var->hasGlobalStorage() && Var->getIdentifier() &&
         (Var->getName() == "stdout" || Var->getName() == "stderr");
}

void trace(const Expr *E, const FunctionDecl *Context, const ASTContext &Ctx,
           CallerIndex *Callers, Origins &Out, unsigned Depth) {
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
  if (Var && isStdStream(Var)) {
    Out.StdStreams.push_back(Var->getName() == "stdout" ? 1 : 2);
    return;
  }
  if (!Var || !Var->hasLocalStorage() || !Context || !Context->getBody()) {
    Out.Opaque = true;
    return;
  }
  VarWrites Writes = writesTo(Var, Context);
  if (Writes.Opaque)
    Out.Opaque = true;
  for (const Expr *Value : Writes.Assigned)
    trace(Value, Context, Ctx, Callers, Out, Depth + 1);
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
    // A parameter holds what the visible callers pass.
    llvm::ArrayRef<CallerIndex::Call> Calls =
        Callers ? Callers->callsTo(Context)
                : llvm::ArrayRef<CallerIndex::Call>();
    unsigned Index = Param->getFunctionScopeIndex();
    if (Calls.empty())
      Out.Opaque = true;
    for (const auto &[Call, Caller] : Calls) {
      if (isa<CXXOperatorCallExpr>(Call) || Index >= Call->getNumArgs())
        Out.Opaque = true;
      else
        trace(Call->getArg(Index), Caller, Ctx, Callers, Out, Depth + 1);
    }
    return;
  }
  if (Var->getInit())
    trace(Var->getInit(), Context, Ctx, Callers, Out, Depth + 1);
}

/// Collects the calls with a known callee in one body.
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  CallCollector(const FunctionDecl *Caller,
                llvm::DenseMap<const FunctionDecl *,
                               std::vector<CallerIndex::Call>> &Calls)
      : Caller(Caller), Calls(Calls) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Calls[Callee->getCanonicalDecl()].emplace_back(Call, Caller);
    return true;
  }

private:
  const FunctionDecl *Caller;
  llvm::DenseMap<const FunctionDecl *, std::vector<CallerIndex::Call>> &Calls;
};

} // namespace

bool Origins::fromCallTo(std::initializer_list<llvm::StringRef> Names) const {
  for (const CallExpr *Call : Calls)
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      for (llvm::StringRef Name : Names)
        if (hasQualifiedName(Callee, Name))
          return true;
  return false;
}

VarWrites writesTo(const VarDecl *Var, const FunctionDecl *Context) {
  WriteFinder Finder(Var);
  Finder.TraverseStmt(const_cast<Stmt *>(Context->getBody()));
  return std::move(Finder.Writes);
}

llvm::ArrayRef<CallerIndex::Call> CallerIndex::callsTo(const FunctionDecl *F) {
  if (!Built) {
    Built = true;
    for (const FunctionDecl *Fn : userFunctionDefinitions(Ctx))
      CallCollector(Fn, Calls).TraverseStmt(Fn->getBody());
  }
  auto It = Calls.find(F->getCanonicalDecl());
  if (It == Calls.end())
    return {};
  return It->second;
}

Origins traceOrigins(const Expr *E, const FunctionDecl *Context,
                     const ASTContext &Ctx, CallerIndex *Callers) {
  Origins Out;
  trace(E, Context, Ctx, Callers, Out, 0);
  return Out;
}

} // namespace clang::tidy::daemon
