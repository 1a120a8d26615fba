//===-- JoinabilityOwners.cpp - threads owned through a smart object ------===//

#include "JoinabilityFlow.h"
#include "ThreadObjectExprs.h"

namespace clang::tidy::daemon {

const ValueDecl *JoinabilityFlow::ownerOfThread(const Expr *E) const {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  const Expr *Owner = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getNumArgs() == 1 &&
      (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star))
    Owner = Op->getArg(0);
  else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
           Call && Call->getMethodDecl() &&
           Call->getMethodDecl()->getIdentifier() &&
           Call->getMethodDecl()->getName() == "value")
    Owner = Call->getImplicitObjectArgument();
  const ValueDecl *Obj = Owner ? tracked(Owner) : nullptr;
  return Obj && isThreadOwnerType(Obj->getType()) ? Obj : nullptr;
}

void JoinabilityFlow::handleOwnerCall(const CXXMemberCallExpr *Call,
                                      const ValueDecl *Owner, PathState &P) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  StringRef Name = Method->getIdentifier() ? Method->getName() : "";
  // Observers leave the thread as it is.
  if (Name == "has_value" || Name == "value" || isa<CXXConversionDecl>(Method))
    return;
  auto It = P.Objects.find(Owner);
  bool Joinable = It != P.Objects.end() && It->second.Joinable;
  std::optional<ObjectFact> After;
  // `reset()` and `emplace(...)` destroy the thread held before: when it
  // may be joinable that is std::terminate, which this is not the place to
  // report; the state is then unknown.
  if (!Joinable && It != P.Objects.end() && Name == "reset")
    After = ownerInitState(Call->getNumArgs() ? Call->getArg(0) : nullptr,
                           Call->getExprLoc());
  else if (!Joinable && It != P.Objects.end() && Name == "emplace")
    After = Call->getNumArgs()
                ? ObjectFact::joinable()
                : ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed,
                                          Call->getExprLoc());
  if (After && After->Joinable)
    After->Where = Call->getExprLoc();
  if (After)
    P.Objects[Owner] = *After;
  else
    P.Objects.erase(Owner);
}

} // namespace clang::tidy::daemon
