//===-- FrameReferences.cpp - what a thread holds of its creator ----------===//

#include "FrameReferences.h"
#include "ApiTables.h"
#include "Callables.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::daemon {
namespace {

/// A variable whose storage is the creator's frame: a local or a by-value
/// parameter, not a reference.
const VarDecl *frameVariable(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
    return nullptr;
  return Var;
}

/// The frame variable that \p E designates, through member accesses and
/// subscripts of arrays: `Buf`, `Buf.Field`, `Buf[3]`.
const VarDecl *frameObject(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow())
    return frameObject(ME->getBase());
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(AS->getBase());
        Cast && Cast->getCastKind() == CK_ArrayToPointerDecay)
      return frameObject(Cast->getSubExpr());
  return frameVariable(E);
}

/// Strips what does not change which object an argument designates.
const Expr *skipWrappers(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
        Cast && Cast->getCastKind() != CK_ArrayToPointerDecay)
      E = Cast->getSubExpr();
    else if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    else
      return E;
  }
}

bool isViewType(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && (hasQualifiedName(RD, "std::basic_string_view") ||
                hasQualifiedName(RD, "std::span"));
}

/// What argument \p Arg hands over of the creator's frame, if anything.
std::optional<FrameReference> argumentReference(const Expr *Arg) {
  const Expr *E = skipWrappers(Arg);
  SourceLocation Loc = Arg->getBeginLoc();
  if (isa<CXXThisExpr>(E))
    return FrameReference{FrameReference::ThisArgument, Loc, nullptr, {}};
  // std::thread binds a local array by reference and decay-copies it.
  if (const VarDecl *Var = frameVariable(E);
      Var && Var->getType()->isArrayType())
    return FrameReference{FrameReference::Pointer, Loc, Var, {}};
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
      Cast && Cast->getCastKind() == CK_ArrayToPointerDecay)
    if (const VarDecl *Var = frameObject(Cast->getSubExpr()))
      return FrameReference{FrameReference::Pointer, Loc, Var, {}};
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    if (const VarDecl *Var = frameObject(UO->getSubExpr()))
      return FrameReference{FrameReference::Pointer, Loc, Var, {}};
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    bool ToView = isa_and_nonnull<CXXConversionDecl>(Method) &&
                  isViewType(Call->getType());
    if (Method &&
        (ToView || (Method->getIdentifier() && (Method->getName() == "data" ||
                                                Method->getName() == "c_str"))))
      if (const VarDecl *Var = frameVariable(Call->getImplicitObjectArgument()))
        return FrameReference{FrameReference::View, Loc, Var, {}};
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() == 1 &&
        (hasQualifiedName(Callee, "std::ref") ||
         hasQualifiedName(Callee, "std::cref")))
      if (const VarDecl *Var = frameVariable(Call->getArg(0)))
        return FrameReference{FrameReference::RefWrapper, Loc, Var, {}};
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
      CE && CE->getNumArgs() >= 1 && isViewType(CE->getType()) &&
      !CE->getConstructor()->isCopyOrMoveConstructor())
    if (const VarDecl *Var = frameVariable(CE->getArg(0)))
      if (!Var->getType()->isPointerType())
        return FrameReference{FrameReference::View, Loc, Var, {}};
  return std::nullopt;
}

/// The first use of \p Var (or of `this`, when null) in \p Body.
SourceLocation firstUse(const Stmt *Body, const VarDecl *Var) {
  if (!Body)
    return {};
  if (Var ? isa<DeclRefExpr>(Body) && cast<DeclRefExpr>(Body)->getDecl() == Var
          : isa<CXXThisExpr>(Body))
    return Body->getBeginLoc();
  for (const Stmt *Child : Body->children())
    if (SourceLocation Loc = firstUse(Child, Var); Loc.isValid())
      return Loc;
  return {};
}

void addCaptures(const LambdaExpr *Lambda, std::vector<FrameReference> &Out) {
  for (const LambdaCapture &Capture : Lambda->captures()) {
    SourceLocation Loc = Capture.isImplicit() ? Lambda->getCaptureDefaultLoc()
                                              : Capture.getLocation();
    if (Capture.getCaptureKind() == LCK_This) {
      FrameReference Ref{FrameReference::CaptureThis, Loc, nullptr, {}};
      if (Capture.isImplicit())
        Ref.UseLoc = firstUse(Lambda->getBody(), nullptr);
      Out.push_back(Ref);
      continue;
    }
    if (!Capture.capturesVariable())
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    if (!Var)
      continue;
    if (Var->isInitCapture()) {
      const Expr *Init = Var->getInit();
      if (!Init)
        continue;
      if (Var->getType()->isReferenceType()) {
        if (const VarDecl *Object = frameObject(Init))
          Out.push_back({FrameReference::CaptureByReference, Loc, Object, {}});
      } else if (std::optional<FrameReference> Ref = argumentReference(Init)) {
        Ref->Loc = Loc;
        Out.push_back(*Ref);
      }
      continue;
    }
    if (Capture.getCaptureKind() != LCK_ByRef || !Var->hasLocalStorage() ||
        Var->getType()->isReferenceType())
      continue;
    FrameReference Ref{FrameReference::CaptureByReference, Loc, Var, {}};
    if (Capture.isImplicit())
      Ref.UseLoc = firstUse(Lambda->getBody(), Var);
    Out.push_back(Ref);
  }
}

/// Whether \p S contains a call that waits for another thread, after
/// \p After.
bool waitsAfter(const Stmt *S, SourceLocation After, const SourceManager &SM) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && ApiTables::isWait(Callee) &&
        SM.isBeforeInTranslationUnit(After, Call->getBeginLoc()))
      return true;
  for (const Stmt *Child : S->children())
    if (Child && waitsAfter(Child, After, SM))
      return true;
  return false;
}

/// The arguments a functor object is built from, when \p Callable builds
/// one in place: `Counter{&Count}`, `Job(this)`.
llvm::SmallVector<const Expr *, 2> functorInitialisers(const Expr *Callable) {
  const Expr *E = skipWrappers(Callable);
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return {List->inits().begin(), List->inits().end()};
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && !Construct->getConstructor()->isCopyOrMoveConstructor())
    return {Construct->arg_begin(), Construct->arg_end()};
  return {};
}

} // namespace

bool creatorWaitsWithin(const SpawnSite &Site, const VarDecl *Object,
                        ASTContext &Ctx) {
  const Stmt *Scope = Site.Creator->getBody();
  if (Object && !isa<ParmVarDecl>(Object)) {
    // The statement that holds the declaration.
    Scope = nullptr;
    for (const DynTypedNode &Parent : Ctx.getParents(*Object))
      if (const auto *DS = Parent.get<DeclStmt>())
        for (const DynTypedNode &Holder : Ctx.getParents(*DS))
          Scope = Holder.get<Stmt>();
  }
  return Scope && waitsAfter(Scope, Site.DetachLoc, Ctx.getSourceManager());
}

std::vector<FrameReference> frameReferences(const SpawnSite &Site) {
  std::vector<FrameReference> Out;
  if (!Site.Callable)
    return Out;
  if (std::optional<FrameReference> Ref = argumentReference(Site.Callable))
    Out.push_back(*Ref);
  ResolvedCallable R = resolveCallable(Site.Callable, Site.Creator);
  if (R.Lambda)
    addCaptures(R.Lambda, Out);
  else if (const auto *Functor = dyn_cast_or_null<CXXMethodDecl>(R.Function);
           Functor && Functor->getOverloadedOperator() == OO_Call)
    for (const Expr *Init : functorInitialisers(Site.Callable))
      if (std::optional<FrameReference> Ref = argumentReference(Init))
        Out.push_back(*Ref);
  if (R.Binder)
    for (const Expr *Arg : llvm::drop_begin(R.Binder->arguments()))
      if (std::optional<FrameReference> Ref = argumentReference(Arg))
        Out.push_back(*Ref);
  for (const Expr *Arg : Site.Arguments)
    if (std::optional<FrameReference> Ref = argumentReference(Arg))
      Out.push_back(*Ref);
  return Out;
}

} // namespace clang::tidy::daemon
