//===-- Callables.cpp - what a callable expression runs -------------------===//

#include "Callables.h"
#include "Names.h"
#include "Origins.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::daemon {
namespace {

bool isWrittenIn(const VarDecl *Var, const FunctionDecl *Context) {
  return !Context || !Context->getBody() || writesTo(Var, Context).any();
}

/// The only non-template operator() of a class, if there is one.
const CXXMethodDecl *uniqueCallOperator(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  const CXXMethodDecl *Found = nullptr;
  for (const CXXMethodDecl *M : RD->getDefinition()->methods()) {
    if (M->getOverloadedOperator() != OO_Call)
      continue;
    if (Found)
      return nullptr;
    Found = M;
  }
  return Found && Found->hasBody() ? Found : nullptr;
}

/// Whether \p Body calls \p Var: `Var()`, `Var(args)`, `std::invoke(Var)`.
bool callsVariable(const Stmt *Body, const VarDecl *Var) {
  if (!Body)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(Body)) {
    const Expr *Callee = Call->getCallee();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Call)
      Callee = Op->getArg(0);
    else if (const FunctionDecl *Fn = Call->getDirectCallee();
             Fn && Call->getNumArgs() >= 1 &&
             hasQualifiedName(Fn, "std::invoke"))
      Callee = Call->getArg(0);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee->IgnoreParenImpCasts());
        DRE && DRE->getDecl() == Var)
      return true;
  }
  for (const Stmt *Child : Body->children())
    if (callsVariable(Child, Var))
      return true;
  return false;
}

/// The parameter an init-capture copies or moves: `[F = std::move(Param)]`.
const ParmVarDecl *initCaptureSource(const VarDecl *Captured) {
  const Expr *Init = Captured->getInit()->IgnoreImplicit();
  if (const auto *Call = dyn_cast<CallExpr>(Init);
      Call && Call->getNumArgs() == 1)
    Init = Call->getArg(0);
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
      CE && CE->getNumArgs() == 1)
    Init = CE->getArg(0);
  if (const auto *Call = dyn_cast<CallExpr>(Init->IgnoreImplicit());
      Call && Call->getNumArgs() == 1)
    Init = Call->getArg(0);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts()))
    return dyn_cast<ParmVarDecl>(DRE->getDecl());
  return nullptr;
}

/// For a lambda that calls one of its captures, the parameter of the
/// enclosing function that capture copies.
const ParmVarDecl *forwardedParameter(const LambdaExpr *Lambda) {
  for (const LambdaCapture &Capture : Lambda->captures()) {
    if (!Capture.capturesVariable())
      continue;
    const auto *Captured = dyn_cast<VarDecl>(Capture.getCapturedVar());
    if (!Captured || !callsVariable(Lambda->getBody(), Captured))
      continue;
    if (const auto *Param = dyn_cast<ParmVarDecl>(Captured))
      return Param;
    if (Captured->isInitCapture() && Captured->getInit())
      if (const ParmVarDecl *Param = initCaptureSource(Captured))
        return Param;
  }
  return nullptr;
}

ResolvedCallable resolve(const Expr *E, const FunctionDecl *Context,
                         unsigned Depth) {
  if (!E || Depth > 8)
    return {};
  E = E->IgnoreImplicit()->IgnoreParenCasts();
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
    return resolve(FC->getSubExpr(), Context, Depth + 1);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref ||
             UO->getOpcode() == UO_Plus))
    return resolve(UO->getSubExpr(), Context, Depth + 1);
  // A captureless lambda converted to a function pointer (`pthread_create`'s
  // entry, `+[] {}`) runs the lambda's body.
  if (const auto *Convert = dyn_cast<CXXMemberCallExpr>(E);
      Convert && isa_and_nonnull<CXXConversionDecl>(Convert->getMethodDecl()) &&
      Convert->getRecordDecl() && Convert->getRecordDecl()->isLambda())
    return resolve(Convert->getImplicitObjectArgument(), Context, Depth + 1);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    ResolvedCallable R;
    R.Function = Lambda->getCallOperator();
    R.ForwardedParameter = forwardedParameter(Lambda);
    R.Lambda = Lambda;
    return R;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    // std::function<...>(callable), or a copy or move of a callable.
    if (CE->getNumArgs() >= 1)
      if (ResolvedCallable R = resolve(CE->getArg(0), Context, Depth + 1);
          R.Function || R.Parameter)
        return R;
    ResolvedCallable R;
    R.Function = uniqueCallOperator(CE->getType()->getAsCXXRecordDecl());
    return R;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() >= 1 &&
        (hasQualifiedName(Callee, "std::move") ||
         hasQualifiedName(Callee, "std::forward") ||
         hasQualifiedName(Callee, "std::bind") ||
         hasQualifiedName(Callee, "std::ref") ||
         hasQualifiedName(Callee, "std::cref") ||
         hasQualifiedName(Callee, "boost::bind"))) {
      ResolvedCallable R = resolve(Call->getArg(0), Context, Depth + 1);
      if (Callee->getName() == "bind")
        R.Binder = Call;
      return R;
    }
    return {};
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (const auto *Fn = dyn_cast<FunctionDecl>(D)) {
      ResolvedCallable R;
      R.Function = Fn;
      return R;
    }
    if (const auto *Param = dyn_cast<ParmVarDecl>(D)) {
      ResolvedCallable R;
      R.Parameter = Param;
      return R;
    }
    const auto *Var = dyn_cast<VarDecl>(D);
    if (!Var)
      return {};
    // A local callable initialised once and never reassigned.
    if (Var->hasLocalStorage() && Var->getInit() && !isWrittenIn(Var, Context))
      return resolve(Var->getInit(), Context, Depth + 1);
    // A functor object.
    ResolvedCallable R;
    R.Function = uniqueCallOperator(
        Var->getType().getNonReferenceType()->getAsCXXRecordDecl());
    return R;
  }
  // A functor object of any other form: a member, `Saver{}`.
  ResolvedCallable R;
  R.Function = uniqueCallOperator(
      E->getType().getNonReferenceType()->getAsCXXRecordDecl());
  return R;
}

} // namespace

ResolvedCallable resolveCallable(const Expr *E, const FunctionDecl *Context) {
  return resolve(E, Context, 0);
}

const FunctionDecl *followable(const FunctionDecl *F) {
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def) || !Def || isInSystemHeader(Def))
    return nullptr;
  return Def;
}

const FunctionDecl *resolveCallee(const CallExpr *Call,
                                  const FunctionDecl *Context) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return resolveCallable(Call->getCallee(), Context).Function;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Call && !followable(Callee))
    return resolveCallable(Op->getArg(0), Context).Function;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
        Method && Method->isVirtual())
      return Method->getDevirtualizedMethod(Member->getImplicitObjectArgument(),
                                            /*IsAppleKext=*/false);
  return Callee;
}

} // namespace clang::tidy::daemon
