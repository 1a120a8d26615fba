//===-- StaticThreads.cpp - std::thread objects with static storage -------===//

#include "StaticThreads.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::daemon {
namespace {

/// Whether \p E constructs a thread that runs something: not a default,
/// copy or move construction.
bool startsThread(const Expr *E) {
  if (!E)
    return false;
  if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(E))
    E = Default->getExpr();
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  const auto *CE = dyn_cast<CXXConstructExpr>(E);
  return CE && CE->getNumArgs() > 0 &&
         !CE->getConstructor()->isCopyOrMoveConstructor();
}

/// How the translation unit uses each static std::thread.
struct StaticUse {
  SourceLocation Started;
  unsigned References = 0;
  /// References as the object of a harmless member call or the target of
  /// an assignment.
  unsigned Understood = 0;
  bool JoinedOrDetached = false;
};

/// Whether \p T is std::thread or a built-in array of them.
bool isStaticThreadType(QualType T) {
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
    return isTerminatingThreadType(Array->getElementType());
  return isTerminatingThreadType(T);
}

/// Whether \p E starts a thread: directly, or as an element of an array's
/// initialiser.
bool initStartsThread(const Expr *E) {
  if (const auto *List =
          E ? dyn_cast<InitListExpr>(E->IgnoreImplicit()) : nullptr)
    return llvm::any_of(List->inits(), startsThread);
  return startsThread(E);
}

class StaticThreadUses : public UserCodeVisitor<StaticThreadUses> {
public:
  bool VisitVarDecl(VarDecl *Var) {
    if (Var->getStorageDuration() != SD_Static ||
        !isStaticThreadType(Var->getType()) ||
        !Var->isThisDeclarationADefinition() ||
        Var->getDeclContext()->isDependentContext())
      return true;
    StaticUse &Use = Uses[Var->getCanonicalDecl()];
    if (initStartsThread(Var->getInit()))
      Use.Started = Var->getLocation();
    return true;
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *For) {
    // `for (std::thread &T : Threads)`: T stands for each element.
    if (const VarDecl *Array = staticThread(For->getRangeInit());
        Array && For->getLoopVariable() &&
        For->getLoopVariable()->getType()->isReferenceType()) {
      LoopElements[For->getLoopVariable()] = Array;
      ++Uses[Array].Understood;
    }
    return UserCodeVisitor::TraverseCXXForRangeStmt(For);
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const VarDecl *Var = staticThread(Ref))
      ++Uses[Var].References;
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const VarDecl *Var = staticThread(Call->getImplicitObjectArgument());
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Var || !Method || !Method->getIdentifier())
      return true;
    StringRef Name = Method->getName();
    StaticUse &Use = Uses[Var];
    if (Name == "join" || Name == "detach")
      Use.JoinedOrDetached = true;
    else if (Name == "joinable" || Name == "get_id")
      ++Use.Understood;
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() != OO_Equal || Op->getNumArgs() != 2)
      return true;
    const VarDecl *Var = staticThread(Op->getArg(0));
    if (!Var)
      return true;
    StaticUse &Use = Uses[Var];
    ++Use.Understood;
    if (startsThread(Op->getArg(1)) && Use.Started.isInvalid())
      Use.Started = Op->getArg(1)->getBeginLoc();
    return true;
  }

  llvm::MapVector<const VarDecl *, StaticUse> Uses;

private:
  /// The static thread, or array of them, that \p E names: the variable,
  /// an element `Threads[I]`, or a range-for variable over its elements.
  const VarDecl *staticThread(const Expr *E) const {
    if (!E)
      return nullptr;
    E = E->IgnoreParenImpCasts();
    if (const auto *Element = dyn_cast<ArraySubscriptExpr>(E))
      E = Element->getBase()->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var)
      return nullptr;
    if (const VarDecl *Array = LoopElements.lookup(Var))
      return Array;
    if (Var->getStorageDuration() != SD_Static ||
        !isStaticThreadType(Var->getType()))
      return nullptr;
    return Var->getCanonicalDecl();
  }

  llvm::DenseMap<const VarDecl *, const VarDecl *> LoopElements;
};

} // namespace

std::vector<UnjoinedStaticThread> findUnjoinedStaticThreads(ASTContext &Ctx) {
  StaticThreadUses Visitor;
  Visitor.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::vector<UnjoinedStaticThread> Result;
  for (const auto &[Var, Use] : Visitor.Uses) {
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
