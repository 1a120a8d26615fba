//===-- ThreadObjectExprs.cpp - expressions over thread objects -----------===//

#include "ThreadObjectExprs.h"
#include "Names.h"

namespace clang::tidy::daemon {

const Expr *skipTransparent(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E);
        ICE && ICE->getCastKind() == CK_NoOp) {
      E = ICE->getSubExpr();
      continue;
    }
    return E;
  }
}

const Expr *skipTemporaries(const Expr *E) {
  while (true) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = FC->getSubExpr();
      continue;
    }
    return E;
  }
}

bool isTrackedType(QualType T, bool Containers) {
  return isThreadObjectType(T) ||
         (Containers && (isThreadContainerType(T) || isThreadOwnerType(T)));
}

const ValueDecl *trackedObject(const Expr *E, bool Containers) {
  if (!E)
    return nullptr;
  E = skipTransparent(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
        isTrackedType(VD->getType(), Containers))
      return VD;
    return nullptr;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (FD && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) &&
        isTrackedType(FD->getType(), Containers))
      return FD;
  }
  return nullptr;
}

const ValueDecl *movedObject(const Expr *E) {
  E = skipTransparent(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const auto *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() == 1 &&
        (hasQualifiedName(Callee, "std::move") ||
         hasQualifiedName(Callee, "std::forward")))
      return trackedObject(Call->getArg(0));
    return nullptr;
  }
  if (const auto *Cast = dyn_cast<CastExpr>(E);
      Cast && Cast->getType()->isRValueReferenceType())
    return trackedObject(Cast->getSubExpr());
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getTypeAsWritten()->isRValueReferenceType())
    return trackedObject(Cast->getSubExpr());
  return nullptr;
}

bool isSequenceInserter(const CXXMethodDecl *Method) {
  if (!Method || !Method->getIdentifier())
    return false;
  StringRef Name = Method->getName();
  if (Name != "push_back" && Name != "push_front" && Name != "emplace_back" &&
      Name != "emplace_front" && Name != "insert" && Name != "emplace")
    return false;
  const CXXRecordDecl *Container = Method->getParent();
  return hasQualifiedName(Container, "std::vector") ||
         hasQualifiedName(Container, "std::deque") ||
         hasQualifiedName(Container, "std::list") ||
         hasQualifiedName(Container, "std::forward_list");
}

namespace {

/// What an initializer gives: past a default member initializer, implicit
/// nodes and functional casts.
const Expr *initialValue(const Expr *Init) {
  if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(Init))
    Init = Default->getExpr();
  return skipTemporaries(Init);
}

ObjectFact ownsNoThread(SourceLocation Where) {
  return ObjectFact::notJoinable(NotJoinableReason::DefaultConstructed, Where);
}

} // namespace

std::optional<ObjectFact> constructedState(const Expr *Init,
                                           SourceLocation Where) {
  if (!Init)
    return std::nullopt;
  Init = initialValue(Init);
  if (const auto *ILE = dyn_cast<InitListExpr>(Init);
      ILE && ILE->getNumInits() == 0)
    return ownsNoThread(Where);
  const auto *CE = dyn_cast<CXXConstructExpr>(Init);
  if (!CE || !isThreadClass(CE->getConstructor()->getParent()))
    return std::nullopt;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (Ctor->isDefaultConstructor())
    return ownsNoThread(Where);
  if (Ctor->isCopyOrMoveConstructor() || CE->getNumArgs() == 0)
    return std::nullopt;
  return ObjectFact::joinable();
}

std::optional<ObjectFact> containerInitState(const Expr *Init,
                                             SourceLocation Where) {
  ObjectFact Empty = ownsNoThread(Where);
  if (!Init)
    return Empty;
  Init = initialValue(Init);
  if (const auto *ILE = dyn_cast<InitListExpr>(Init)) {
    if (ILE->getNumInits() == 0)
      return Empty;
    ObjectFact Holding = ObjectFact::joinable();
    Holding.Where = Where;
    return Holding;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
      CE && !CE->getConstructor()->isCopyOrMoveConstructor())
    return Empty;
  return std::nullopt;
}

std::optional<ObjectFact> ownerInitState(const Expr *Init,
                                         SourceLocation Where) {
  ObjectFact Empty = ownsNoThread(Where);
  if (!Init)
    return Empty;
  Init = initialValue(Init);
  if (isa<CXXNullPtrLiteralExpr>(Init))
    return Empty;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Init))
    return hasQualifiedName(Ref->getDecl(), "std::nullopt")
               ? std::optional<ObjectFact>(Empty)
               : std::nullopt;
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits() == 0 ? std::optional<ObjectFact>(Empty)
                                    : std::nullopt;
  if (const auto *New = dyn_cast<CXXNewExpr>(Init))
    return New->getConstructExpr()
               ? constructedState(New->getConstructExpr(), Where)
               : std::nullopt;
  if (const auto *Call = dyn_cast<CallExpr>(Init)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !isThreadOwnerType(Call->getType()) ||
        (!hasQualifiedName(Callee, "std::make_unique") &&
         !hasQualifiedName(Callee, "std::make_optional")))
      return std::nullopt;
    if (Call->getNumArgs() == 0)
      return Empty;
    return ObjectFact::joinable();
  }
  const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
  if (!Construct)
    return std::nullopt;
  if (isThreadClass(Construct->getConstructor()->getParent()))
    return constructedState(Construct, Where);
  if (!isThreadOwnerType(Construct->getType()))
    return std::nullopt;
  if (Construct->getNumArgs() == 0)
    return Empty;
  const Expr *First = Construct->getArg(0);
  // std::optional<std::thread>(std::in_place, callable)
  if (const CXXRecordDecl *Tag = First->getType()->getAsCXXRecordDecl();
      Tag && hasQualifiedName(Tag, "std::in_place_t"))
    return Construct->getNumArgs() > 1
               ? std::optional<ObjectFact>(ObjectFact::joinable())
               : std::nullopt;
  return ownerInitState(First, Where);
}

std::optional<ObjectFact> initialState(const ValueDecl *Obj, const Expr *Init,
                                       SourceLocation Where) {
  if (isThreadContainerType(Obj->getType()))
    return containerInitState(Init, Where);
  if (isThreadOwnerType(Obj->getType()))
    return ownerInitState(Init, Where);
  return constructedState(Init, Where);
}

void forEveryTripStatement(const Stmt *Body,
                           llvm::function_ref<bool(const IfStmt &)> IsGuard,
                           llvm::function_ref<bool(const Stmt *)> Visit) {
  std::vector<const Stmt *> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      Work.insert(Work.end(), Block->body_begin(), Block->body_end());
      continue;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (!If->getElse() && !If->getInit() && If->getCond() && IsGuard(*If))
        Work.push_back(If->getThen());
      continue;
    }
    if (!Visit(S))
      return;
  }
}

bool isJoinableTestOf(const Expr *E, const VarDecl *Var) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
  const auto *Object = Call ? dyn_cast<DeclRefExpr>(skipTransparent(
                                  Call->getImplicitObjectArgument()))
                            : nullptr;
  return M && M->getIdentifier() && M->getName() == "joinable" && Object &&
         Object->getDecl() == Var;
}

const CXXMemberCallExpr *findJoinOrDetachOf(const Stmt *S, const VarDecl *Var) {
  if (!S || isa<LambdaExpr>(S))
    return nullptr;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    const auto *Object = dyn_cast<DeclRefExpr>(
        skipTransparent(Call->getImplicitObjectArgument()));
    if (M && M->getIdentifier() &&
        (M->getName() == "join" || M->getName() == "detach") && Object &&
        Object->getDecl() == Var)
      return Call;
  }
  for (const Stmt *Child : S->children())
    if (const CXXMemberCallExpr *Found = findJoinOrDetachOf(Child, Var))
      return Found;
  return nullptr;
}

} // namespace clang::tidy::daemon
