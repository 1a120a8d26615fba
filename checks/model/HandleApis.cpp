//===-- HandleApis.cpp - the C calls on thread handles --------------------===//

#include "HandleApis.h"
#include "Names.h"
#include "clang/AST/Decl.h"

namespace clang::tidy::daemon {
namespace {

constexpr HandleApi HandleApis[] = {
    {"::pthread_create", HandleOp::Create, 2},
    {"::thrd_create", HandleOp::Create, 1},
    {"::pthread_join", HandleOp::Join, 0},
    {"::thrd_join", HandleOp::Join, 0},
    {"::pthread_detach", HandleOp::Detach, 0},
    {"::thrd_detach", HandleOp::Detach, 0},
    // Calls that take the handle by value and leave it joinable.
    {"::pthread_cancel", HandleOp::Harmless, 0},
    {"::pthread_kill", HandleOp::Harmless, 0},
    {"::pthread_equal", HandleOp::Harmless, 0},
    {"::thrd_equal", HandleOp::Harmless, 0},
    {"::pthread_setname_np", HandleOp::Harmless, 0},
    {"::pthread_getname_np", HandleOp::Harmless, 0},
};

} // namespace

const HandleApi *handleApi(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() == 0)
    return nullptr;
  for (const HandleApi &Api : HandleApis)
    if (hasQualifiedName(Callee, Api.Name))
      return &Api;
  return nullptr;
}

bool isCurrentThreadCall(const Expr *E) {
  const auto *Call = E ? dyn_cast<CallExpr>(E->IgnoreParenCasts()) : nullptr;
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && (hasQualifiedName(Callee, "::pthread_self") ||
                    hasQualifiedName(Callee, "::thrd_current"));
}

SourceLocation calleeNameLoc(const CallExpr *Call) {
  if (const auto *DRE =
          dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
    return DRE->getLocation();
  return Call->getExprLoc();
}

} // namespace clang::tidy::daemon
