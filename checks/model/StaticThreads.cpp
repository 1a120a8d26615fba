//===-- StaticThreads.cpp - std::thread objects with static storage -------===//

#include "StaticThreads.h"
#include "FunctionFacts.h"

namespace clang::tidy::daemon {

std::vector<UnjoinedStaticThread> findUnjoinedStaticThreads(ASTContext &Ctx) {
  std::vector<UnjoinedStaticThread> Result;
  for (const auto &[Var, Use] : factsOf(Ctx).StaticThreads) {
    // A member call's object is counted once as a reference too; joins
    // and detaches stop the search anyway.
    if (Use.Started.isInvalid() || Use.JoinedOrDetached ||
        Use.Understood != Use.References)
      continue;
    const VarDecl *Def = Var->getDefinition();
    Result.push_back({Def ? Def : Var, Use.Started});
  }
  return Result;
}

} // namespace clang::tidy::daemon
