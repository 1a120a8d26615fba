//===-- MemberSummary.cpp - member functions and member threads --------===//

#include "MemberSummary.h"
#include "Callables.h"
#include "Names.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ParentMap.h"
#include <functional>

namespace clang::tidy::daemon {
namespace {

bool isThisMember(const Expr *E, const ValueDecl *Field) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  return ME && ME->getMemberDecl() == Field &&
         isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
}

/// How \p Call sits in \p Body: run on every path (a statement of the
/// outermost block, or of blocks nested in it), or guarded by
/// `if (T.joinable())` on its own object and otherwise run on every path.
std::optional<bool> placement(const CXXMemberCallExpr *Call,
                              const ValueDecl *Field, const Stmt *Body,
                              const ParentMap &PM) {
  bool Guarded = false;
  const Stmt *Child = Call;
  for (const Stmt *S = PM.getParent(Call); S && Child != Body;
       Child = S, S = PM.getParent(S)) {
    if (isa<CompoundStmt, ExprWithCleanups>(S))
      continue;
    const auto *If = dyn_cast<IfStmt>(S);
    const auto *Test =
        If ? dyn_cast<CXXMemberCallExpr>(If->getCond()->IgnoreParenImpCasts())
           : nullptr;
    const CXXMethodDecl *M = Test ? Test->getMethodDecl() : nullptr;
    if (Guarded || !M || !M->getIdentifier() || M->getName() != "joinable" ||
        !isThisMember(Test->getImplicitObjectArgument(), Field) ||
        If->getElse() || Child != If->getThen() || If->getInit() ||
        If->getConditionVariable())
      return std::nullopt;
    Guarded = true;
  }
  return Guarded;
}

bool containsExit(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt, CXXThrowExpr>(S))
    return true;
  return llvm::any_of(S->children(), containsExit);
}

} // namespace

MemberSummary summarizeMemberThreads(const CXXMethodDecl *Method) {
  MemberSummary Summary;
  const auto *Def = dyn_cast_or_null<CXXMethodDecl>(followable(Method));
  if (!Def || Def->isConst() || isa<CXXConstructorDecl>(Def) ||
      (Def->isVirtual() && !Def->hasAttr<FinalAttr>() &&
       !Def->getParent()->hasAttr<FinalAttr>()))
    return Summary;
  const Stmt *Body = Def->getBody();
  ParentMap PM(const_cast<Stmt *>(Body));
  std::map<const ValueDecl *, const CXXMemberCallExpr *> Calls;
  bool Opaque = false;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || Opaque)
      return;
    const Stmt *Parent = PM.getParent(S);
    if (isa<CXXThisExpr>(S) && !isa_and_nonnull<MemberExpr>(Parent))
      Opaque = true;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (!Call->getDirectCallee() ||
          (isa<CXXOperatorCallExpr>(Call) &&
           cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Call))
        Opaque = true;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && Call->getMethodDecl() && !Call->getMethodDecl()->isConst() &&
        Call->getImplicitObjectArgument() &&
        isa<CXXThisExpr>(
            Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      Opaque = true;
    if (const auto *ME = dyn_cast<MemberExpr>(S);
        ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
        isThreadObjectType(ME->getMemberDecl()->getType())) {
      const ValueDecl *Field = ME->getMemberDecl();
      const auto *Callee = dyn_cast_or_null<MemberExpr>(
          PM.getParentIgnoreParenImpCasts(const_cast<MemberExpr *>(ME)));
      const auto *Call =
          Callee ? dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(Callee))
                 : nullptr;
      const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
      StringRef Name = M && M->getIdentifier() ? M->getName() : "";
      if (Name == "join" || Name == "detach") {
        auto [It, New] = Calls.try_emplace(Field, Call);
        if (!New)
          Summary.Effects[Field] = std::nullopt;
      } else if (Name != "joinable" && Name != "get_id") {
        Summary.Effects[Field] = std::nullopt;
      }
    }
    for (const Stmt *Child : S->children())
      Visit(Child);
  };
  Visit(Body);
  if (Opaque)
    return Summary;
  Summary.Known = true;
  bool Exits = containsExit(Body);
  for (const auto &[Field, Call] : Calls) {
    if (Summary.Effects.count(Field))
      continue;
    std::optional<bool> Guarded = placement(Call, Field, Body, PM);
    if (!Guarded || Exits) {
      Summary.Effects[Field] = std::nullopt;
      continue;
    }
    ThreadOp Op = Call->getMethodDecl()->getName() == "join" ? ThreadOp::Join
                                                             : ThreadOp::Detach;
    Summary.Effects[Field] = MemberEffect{Op, *Guarded, Call->getExprLoc()};
  }
  return Summary;
}

} // namespace clang::tidy::daemon
