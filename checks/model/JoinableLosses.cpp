//===-- JoinableLosses.cpp - std::thread objects lost while joinable ------===//

#include "JoinableLosses.h"
#include "Exceptions.h"
#include "FunctionFacts.h"
#include "JoinabilityFlow.h"
#include "Names.h"
#include "ThreadObjectExprs.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::daemon {
namespace {

/// Whether \p S leaves the function: a `throw` or a `return` (not inside a
/// lambda).
bool leavesFunction(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<CXXThrowExpr, ReturnStmt>(S))
    return true;
  return llvm::any_of(S->children(), leavesFunction);
}

/// What a range-for loop does to every element of the container it walks.
enum class LoopEffect { None, JoinsAll, StartsAll, Unknown };

/// Classifies `for (auto &T : Threads) Body`: a body that joins or detaches
/// T unconditionally (or under `if (T.joinable())`) joins all; one that
/// assigns a new thread to T starts all. \p Where is that call or
/// assignment.
LoopEffect loopEffect(const CXXForRangeStmt &For, SourceLocation &Where) {
  const VarDecl *Var = For.getLoopVariable();
  QualType T = Var->getType();
  if (T->isReferenceType() && T->getPointeeType().isConstQualified())
    return LoopEffect::None;
  LoopEffect Effect = LoopEffect::Unknown;
  forEveryTripStatement(
      For.getBody(),
      [Var](const IfStmt &If) { return isJoinableTestOf(If.getCond(), Var); },
      [&](const Stmt *S) {
        const auto *E = dyn_cast<Expr>(S);
        if (!E)
          return true;
        E = E->IgnoreParenImpCasts();
        if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
            Call && findJoinOrDetachOf(Call, Var) == Call) {
          Where = Call->getExprLoc();
          Effect = LoopEffect::JoinsAll;
          return false;
        }
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
            Op && Op->getOperator() == OO_Equal) {
          const auto *Lhs =
              dyn_cast<DeclRefExpr>(skipTransparent(Op->getArg(0)));
          std::optional<ObjectFact> F =
              constructedState(Op->getArg(1), Op->getExprLoc());
          if (Lhs && Lhs->getDecl() == Var && F && F->Joinable) {
            Where = Op->getArg(1)->getBeginLoc();
            Effect = LoopEffect::StartsAll;
            return false;
          }
        }
        return true;
      });
  return Effect;
}

} // namespace

void JoinabilityFlow::handleContainerCall(const CXXMemberCallExpr *Call,
                                          const ValueDecl *Obj, PathState &P) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  StringRef Name = Method && Method->getIdentifier() ? Method->getName() : "";
  // Observers and capacity leave the elements as they are.
  if (Name == "size" || Name == "empty" || Name == "reserve" ||
      Name == "capacity" || Name == "max_size")
    return;
  // An insertion adds a thread (`emplace_back()` adds an empty one).
  bool Adds = isSequenceInserter(Method) &&
              !(Name.starts_with("emplace_") && Call->getNumArgs() == 0) &&
              !(Name == "emplace" && Call->getNumArgs() == 1);
  if (!Adds) {
    // Element access, iterators, clear, erase: the elements may change.
    P.Objects.erase(Obj);
    return;
  }
  auto It = P.Objects.find(Obj);
  if (It == P.Objects.end() || !It->second.Joinable) {
    ObjectFact Holding = ObjectFact::joinable();
    Holding.Where = Call->getExprLoc();
    P.Objects[Obj] = Holding;
  }
}

bool JoinabilityFlow::applySummary(const CXXMemberCallExpr *Call,
                                   PathState &P) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const auto *Caller = dyn_cast<CXXMethodDecl>(&Fn);
  if (!Losses || !Method || !Caller)
    return false;
  // A virtual call dispatches to the most derived override, except during
  // construction and destruction.
  if (Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
      !Method->getParent()->hasAttr<FinalAttr>() &&
      !isa<CXXConstructorDecl, CXXDestructorDecl>(Caller))
    return false;
  const FunctionDecl *Def = nullptr;
  if (!Method->hasBody(Def) || !Def || isInSystemHeader(Def))
    return false;
  // The entry stays null while the summary is computed, and for good when
  // the callee has no CFG: a recursive call is then not followed.
  if (Losses->Summaries.try_emplace(Def).second) {
    std::unique_ptr<CFG> Callee = buildStatementCFG(*Def, LossCfgExtras);
    if (!Callee)
      return false;
    auto Summary = std::make_unique<LossSummary>();
    for (MemberSeed S : {MemberSeed::Joinable, MemberSeed::NotJoinable}) {
      JoinabilityFlow A(*Def, Ctx, *Callee, Losses, S);
      A.solve();
      Summary->ThisEscapes |= A.thisEscapes();
      (S == MemberSeed::Joinable ? Summary->FromJoinable
                                 : Summary->FromNotJoinable) =
          A.memberOutcomes();
    }
    Losses->Summaries[Def] = std::move(Summary);
  }
  const LossSummary *Summary = Losses->Summaries[Def].get();
  if (!Summary || Summary->ThisEscapes)
    return false; // recursion, or `this` escapes in the callee
  for (auto It = P.Objects.begin(); It != P.Objects.end();) {
    if (!isa<FieldDecl>(It->first)) {
      ++It;
      continue;
    }
    const auto &Outcomes =
        It->second.Joinable ? Summary->FromJoinable : Summary->FromNotJoinable;
    auto Found = Outcomes.find(It->first);
    Outcome O =
        Found == Outcomes.end() ? Outcome::Unknown : Found->second.State;
    if (O == Outcome::NotJoinable) {
      It->second = ObjectFact::notJoinable(NotJoinableReason::Joined,
                                           Call->getExprLoc());
    } else if (O == Outcome::Joinable) {
      if (!It->second.Joinable) {
        It->second = ObjectFact::joinable();
        It->second.Where = Call->getExprLoc();
      }
    } else {
      It = P.Objects.erase(It);
      continue;
    }
    ++It;
  }
  return true;
}

void JoinabilityFlow::handleRangeLoop(const CXXForRangeStmt &For,
                                      const ValueDecl *Obj, PathState &P) {
  SourceLocation Where;
  switch (loopEffect(For, Where)) {
  case LoopEffect::None:
    return;
  case LoopEffect::JoinsAll:
    P.Objects[Obj] = ObjectFact::notJoinable(NotJoinableReason::Joined, Where);
    return;
  case LoopEffect::StartsAll: {
    auto It = P.Objects.find(Obj);
    if (It == P.Objects.end() || !It->second.Joinable) {
      ObjectFact Holding = ObjectFact::joinable();
      Holding.Where = Where;
      P.Objects[Obj] = Holding;
    }
    return;
  }
  case LoopEffect::Unknown:
    P.Objects.erase(Obj);
    return;
  }
}

bool JoinabilityFlow::reportable(const ValueDecl *Obj) {
  return destroysThreads(Obj->getType());
}

void JoinabilityFlow::recordLoss(LossKind Kind, const ValueDecl *Obj,
                                 const ObjectFact &F, SourceLocation Where,
                                 const FunctionDecl *Thrower) {
  if (!Losses || !reportable(Obj))
    return;
  Found.push_back({Kind, Obj, Where, Thrower, F.Where});
}

bool JoinabilityFlow::destroys(const Stmt *S, const Escape &E,
                               const VarDecl *Var) const {
  const SourceManager &SM = Ctx.getSourceManager();
  const Stmt *Child = S;
  for (const Stmt *Parent = PM.getParent(S); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    const auto *Try = dyn_cast<CXXTryStmt>(Parent);
    if (!Try || Child != Try->getTryBlock())
      continue;
    // Leaving the try block destroys what it declares.
    SourceRange Block = Try->getTryBlock()->getSourceRange();
    if (SM.isPointWithin(Var->getLocation(), Block.getBegin(), Block.getEnd()))
      return true;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
      const CXXCatchStmt *Handler = Try->getHandler(I);
      if (!ExceptionModel::catches(Handler->getCaughtType(), E.Type))
        continue;
      // A handler that joins or detaches, or that carries on after the try,
      // keeps the thread from being destroyed joinable.
      return !findJoinOrDetachOf(Handler->getHandlerBlock(), Var) &&
             leavesFunction(Handler->getHandlerBlock());
    }
  }
  // The exception leaves the function; from a noexcept one it terminates
  // whatever the thread's state.
  const auto *Proto = Fn.getType()->getAs<FunctionProtoType>();
  return !(Proto && Proto->isNothrow());
}

void JoinabilityFlow::observeThrow(const Stmt *S, const PathState &P) {
  bool AnyJoinable = llvm::any_of(P.Objects, [](const auto &Entry) {
    return isa<VarDecl>(Entry.first) && Entry.second.Joinable &&
           reportable(Entry.first);
  });
  if (!AnyJoinable)
    return;
  // The exceptions this call or throw starts itself; its operands are
  // separate CFG elements.
  SourceLocation Loc;
  const FunctionDecl *Thrower = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    Loc = Call->getExprLoc();
    Thrower = Call->getDirectCallee();
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    Loc = Construct->getBeginLoc();
    Thrower = Construct->getConstructor();
  } else {
    Loc = cast<CXXThrowExpr>(S)->getThrowLoc();
  }
  std::vector<Escape> Escapes = Losses->Exceptions->escapesOf(S, &Fn);
  llvm::erase_if(Escapes, [&](const Escape &E) {
    SourceLocation Start = E.Rest ? E.Step.Loc : E.Origin.Loc;
    return Start != Loc || E.Noexcept;
  });
  if (Escapes.empty())
    return;
  if (!Thrower && !isa<CXXThrowExpr>(S) && Escapes.front().Rest)
    Thrower = Escapes.front().Step.Callee.decl();
  for (const auto &[Obj, Fact] : P.Objects) {
    const auto *Var = dyn_cast<VarDecl>(Obj);
    if (!Var || !Fact.Joinable)
      continue;
    if (llvm::any_of(Escapes,
                     [&](const Escape &E) { return destroys(S, E, Var); }))
      recordLoss(LossKind::Exception, Var, Fact, Loc, Thrower);
  }
}

std::vector<JoinableLoss> JoinabilityFlow::runForLosses() {
  solve();
  return std::move(Found);
}

std::vector<JoinableLoss> findJoinableLosses(const FunctionDecl &Fn,
                                             ASTContext &Ctx,
                                             ExceptionModel &Exceptions) {
  if (!Fn.hasBody() || !factsOf(Ctx).mentionsThread(Fn))
    return {};
  std::unique_ptr<CFG> G = buildStatementCFG(Fn, LossCfgExtras);
  if (!G)
    return {};
  LossContext Losses;
  Losses.Exceptions = &Exceptions;
  std::vector<JoinableLoss> Found =
      JoinabilityFlow(Fn, Ctx, *G, &Losses).runForLosses();
  // In source order, the first way out first: it makes the clearest
  // report. Losses at one place keep the order the analysis found them in.
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<unsigned> Order(Found.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](unsigned A, unsigned B) {
    SourceLocation LocA = SM.getExpansionLoc(Found[A].Where);
    SourceLocation LocB = SM.getExpansionLoc(Found[B].Where);
    if (LocA != LocB)
      return SM.isBeforeInTranslationUnit(LocA, LocB);
    return A < B;
  });
  std::vector<JoinableLoss> Sorted;
  for (unsigned I : Order)
    Sorted.push_back(Found[I]);
  return Sorted;
}

} // namespace clang::tidy::daemon
