//===-- NonJoinableCalls.cpp - join/detach of ended thread objects --------===//

#include "NonJoinableCalls.h"
#include "Callables.h"
#include "FunctionFacts.h"
#include "Functions.h"
#include "JoinabilityFlow.h"
#include "Names.h"
#include "PathSets.h"

namespace clang::tidy::daemon {
namespace {

/// Whether \p Call hands a thread object to a function that joins or
/// detaches it.
bool passesToJoiner(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || llvm::none_of(Call->arguments(), [](const Expr *Arg) {
        QualType T = Arg->IgnoreParenImpCasts()->getType();
        return isThreadObjectType(T) ||
               (T->isPointerType() && isThreadObjectType(T->getPointeeType()));
      }))
    return false;
  return !paramThreadOps(*Callee).empty();
}

/// Whether \p Fn calls join() or detach() on a thread object, directly or
/// through a function that does: the analysis has nothing to find anywhere
/// else.
bool hasJoinOrDetach(const FunctionDecl &Fn, ASTContext &Ctx) {
  return factsOf(Ctx).anyCall(Fn, [](const CallExpr *Call) {
    if (passesToJoiner(Call))
      return true;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      if (const CXXMethodDecl *M = Member->getMethodDecl();
          M && !M->isConst()) {
        if (isThreadClass(M->getParent()) && M->getIdentifier() &&
            (M->getName() == "join" || M->getName() == "detach"))
          return true;
        if (!isThreadClass(M->getParent()) &&
            llvm::any_of(summarizeMemberThreads(M).Effects,
                         [](const auto &E) { return E.second.has_value(); }))
          return true;
      }
    return false;
  });
}

} // namespace

const MemberSummary &JoinabilityFlow::summaryOf(const CXXMethodDecl *Method) {
  auto It = Summaries.find(Method);
  if (It == Summaries.end())
    It = Summaries.emplace(Method, summarizeMemberThreads(Method)).first;
  return It->second;
}

void JoinabilityFlow::inlineMemberCall(const CXXMemberCallExpr *Call,
                                       PathState &P, bool Observe) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const Expr *Base = Call->getImplicitObjectArgument();
  if (!Method || Method->isConst() || !Base)
    return;
  Base = Base->IgnoreParenImpCasts();
  const VarDecl *Owner = nullptr;
  if (!isa<CXXThisExpr>(Base)) {
    const auto *DRE = dyn_cast<DeclRefExpr>(Base);
    Owner = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!Owner || !Owners.count(Owner))
      return;
  }
  const MemberSummary &Summary = summaryOf(Method);
  if (!Summary.Known || (!Owner && ThisEscapes)) {
    // It may start, join or detach any member thread.
    if (Owner)
      forgetOwned(P, Owner);
    else
      forgetMembers(P);
    return;
  }
  for (const auto &[Field, Effect] : Summary.Effects) {
    if (!Effect) {
      if (Owner)
        P.Owned.erase({Owner, Field});
      else
        P.Objects.erase(Field);
      continue;
    }
    std::optional<ObjectFact> Before;
    if (Owner) {
      if (auto It = P.Owned.find({Owner, Field}); It != P.Owned.end())
        Before = It->second;
    } else if (auto It = P.Objects.find(Field); It != P.Objects.end()) {
      Before = It->second;
    }
    ObjectFact After =
        endedByCall(Call, Owner, Field, Effect->Op, Effect->Guarded,
                    Effect->Where, Before, Observe);
    if (Owner)
      P.Owned[{Owner, Field}] = After;
    else
      P.Objects[Field] = After;
  }
}

std::vector<NonJoinableCall> JoinabilityFlow::runForNonJoinableCalls() {
  solve();

  std::vector<NonJoinableCall> Result;
  for (auto &[Key, O] : Observed) {
    const CallExpr *Call = std::get<0>(Key);
    // A guarded call meeting its own earlier execution round a loop: the
    // guard usually lets it run once, which the analysis cannot see.
    if (guardedInLoop(Call)) {
      SourceLocation Self = Call->getExprLoc();
      llvm::erase_if(O.Witnesses,
                     [Self](const ObjectFact &W) { return W.Where == Self; });
    }
    if (O.Witnesses.empty() ||
        (O.Witnesses.size() != O.Paths && guardedByUnmodelledCondition(Call)))
      continue;
    const ObjectFact &W = earliestWitness(O.Witnesses);
    Result.push_back(
        {Call, O.Op, O.Object, W.Reason, W.Where, O.Witnesses.size() == O.Paths,
         isa_and_nonnull<CompoundStmt>(PM.getParent(Call)), O.Owner, O.Inner});
  }
  llvm::sort(Result, [](const NonJoinableCall &A, const NonJoinableCall &B) {
    return A.Call->getBeginLoc().getRawEncoding() <
           B.Call->getBeginLoc().getRawEncoding();
  });
  return Result;
}

std::vector<NonJoinableCall> findNonJoinableCalls(const FunctionDecl &Fn,
                                                  ASTContext &Ctx) {
  if (!Fn.hasBody() || !hasJoinOrDetach(Fn, Ctx))
    return {};
  std::unique_ptr<CFG> G = buildStatementCFG(Fn);
  if (!G)
    return {};
  return JoinabilityFlow(Fn, Ctx, *G).runForNonJoinableCalls();
}

} // namespace clang::tidy::daemon
