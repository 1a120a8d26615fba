//===-- SelfDetaches.cpp - entries that detach their own thread -----------===//

#include "SelfDetaches.h"
#include "Callables.h"
#include "HandleApis.h"
#include "ParamThreadOps.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::daemon {
namespace {

/// How deep calls of self-detaching helpers are followed.
constexpr unsigned MaxDepth = 4;

/// The calls a statement makes whatever path it takes: its own expression
/// and the conditions and initialisers it evaluates first.
void unconditionalCalls(const Stmt *S,
                        llvm::SmallVectorImpl<const CallExpr *> &Out) {
  if (!S)
    return;
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    unconditionalCalls(If->getCond(), Out);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        unconditionalCalls(Var->getInit(), Out);
    return;
  }
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return;
  E = E->IgnoreParenCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Out.push_back(Call);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && !BO->isLogicalOp()) {
    unconditionalCalls(BO->getLHS(), Out);
    unconditionalCalls(BO->getRHS(), Out);
  } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    unconditionalCalls(UO->getSubExpr(), Out);
  }
}

bool containsExit(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt>(S))
    return true;
  return llvm::any_of(S->children(), containsExit);
}

/// Whether \p Call detaches the thread that makes it, on every path.
bool detachesCaller(const CallExpr *Call, unsigned Depth);

SourceLocation selfDetach(const FunctionDecl *F, unsigned Depth) {
  const auto *Body = F ? dyn_cast_or_null<CompoundStmt>(F->getBody()) : nullptr;
  if (!Body || Depth > MaxDepth)
    return {};
  for (const Stmt *S : Body->body()) {
    llvm::SmallVector<const CallExpr *, 2> Calls;
    unconditionalCalls(S, Calls);
    for (const CallExpr *Call : Calls)
      if (detachesCaller(Call, Depth))
        return calleeNameLoc(Call);
    if (containsExit(S))
      return {};
  }
  return {};
}

bool detachesCaller(const CallExpr *Call, unsigned Depth) {
  if (const HandleApi *Api = handleApi(Call))
    return Api->Op == HandleOp::Detach && Call->getNumArgs() == 1 &&
           isCurrentThreadCall(Call->getArg(0));
  const FunctionDecl *Direct = Call->getDirectCallee();
  if (!Direct)
    return false;
  std::vector<ParamThreadOp> Ops = paramThreadOps(*Direct);
  for (unsigned I = 0,
                N = isa<CXXOperatorCallExpr>(Call) ? 0 : Call->getNumArgs();
       I < N; ++I)
    if (const ParamThreadOp *Op = findParamThreadOp(Ops, I);
        Op && Op->Op == ThreadOp::Detach && Op->OnEveryPath &&
        isCurrentThreadCall(Call->getArg(I)))
      return true;
  const FunctionDecl *Callee = followable(Direct);
  return Callee && Call->getNumArgs() == 0 &&
         selfDetach(Callee, Depth + 1).isValid();
}

} // namespace

SourceLocation selfDetachIn(const FunctionDecl *F) {
  return selfDetach(followable(F), 0);
}

} // namespace clang::tidy::daemon
