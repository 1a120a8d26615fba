//===-- ParamThreadOps.cpp - functions that end the thread they get -------===//

#include "ParamThreadOps.h"
#include "Analysis.h"
#include "Callables.h"
#include "HandleApis.h"
#include "Names.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::daemon {
namespace {

/// How deep calls that hand a parameter on are followed.
constexpr unsigned MaxDepth = 8;

/// What a parameter is, for this summary.
enum class ParamKind { Other, ThreadObject, Handle };

ParamKind kindOf(const ParmVarDecl *P, bool &ByValue) {
  QualType T = P->getType();
  ByValue = !T->isReferenceType() && !T->isPointerType();
  if (ByValue)
    return isThreadHandleType(T) ? ParamKind::Handle : ParamKind::Other;
  QualType Pointee = T->getPointeeType();
  if (Pointee.isConstQualified())
    return ParamKind::Other;
  if (isThreadObjectType(Pointee))
    return ParamKind::ThreadObject;
  return isThreadHandleType(Pointee) ? ParamKind::Handle : ParamKind::Other;
}

const Stmt *parentOf(const ParentMap &PM, const Stmt *S) {
  const Stmt *P = PM.getParent(S);
  while (P &&
         (isa<ParenExpr>(P) ||
          (isa<ImplicitCastExpr>(P) &&
           (cast<ImplicitCastExpr>(P)->getCastKind() == CK_NoOp ||
            cast<ImplicitCastExpr>(P)->getCastKind() == CK_LValueToRValue))))
    P = PM.getParent(P);
  return P;
}

/// Whether \p E is `P.joinable()` or `P->joinable()`.
bool isJoinableTestOfParam(const Expr *E, const ParmVarDecl *P) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
  const auto *Object =
      Call ? dyn_cast<DeclRefExpr>(
                 Call->getImplicitObjectArgument()->IgnoreParenImpCasts())
           : nullptr;
  return M && M->getIdentifier() && M->getName() == "joinable" && Object &&
         Object->getDecl() == P;
}

/// One place where the function ends the thread it got.
struct Site {
  ThreadOp Op;
  bool OnEveryPath;
  bool Guarded;
  SourceLocation Loc;
};

/// The summary of one function.
class Summariser {
public:
  Summariser(const FunctionDecl &Def, unsigned Depth,
             llvm::SmallPtrSetImpl<const FunctionDecl *> &Visiting)
      : Def(Def), Body(Def.getBody()), PM(const_cast<Stmt *>(Body)),
        Depth(Depth), Visiting(Visiting) {}

  std::vector<ParamThreadOp> run();

private:
  /// Classifies every use of \p P; false when one is not understood.
  bool classifyUses(const ParmVarDecl *P, ParamKind Kind, bool ByValue,
                    std::vector<Site> &Sites);
  /// Classifies one use; false when it is not understood.
  bool classifyUse(const DeclRefExpr *Use, const ParmVarDecl *P, ParamKind Kind,
                   bool ByValue, std::vector<Site> &Sites);
  /// Classifies \p Arg passed to \p Call at \p ArgIndex.
  bool classifyArgument(const CallExpr *Call, unsigned ArgIndex,
                        const ParmVarDecl *P, ParamKind Kind, bool ByValue,
                        std::vector<Site> &Sites);
  /// Whether \p S runs on every path through the body that returns, and
  /// whether it is under `if (P.joinable())`.
  bool onEveryPath(const Stmt *S, const ParmVarDecl *P, bool &Guarded) const;
  /// Whether a `return`, `goto` or `throw` that is not around \p S comes
  /// before it.
  bool exitsBefore(const Stmt *S) const;
  bool encloses(const Stmt *Outer, const Stmt *S) const;

  const FunctionDecl &Def;
  const Stmt *Body;
  ParentMap PM;
  unsigned Depth;
  llvm::SmallPtrSetImpl<const FunctionDecl *> &Visiting;
};

/// Whether a call of \p F may run another function: a virtual method that
/// is not final.
bool dispatchesDynamically(const FunctionDecl *F) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  return Method && Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
         !Method->getParent()->hasAttr<FinalAttr>();
}

/// What the index says \p F, defined in another file, does to its
/// parameters.
std::vector<ParamThreadOp> fromIndex(const FunctionDecl *F) {
  // The index holds no summary of a library function.
  ProjectView *View = F && !isInSystemHeader(F) && !dispatchesDynamically(F)
                          ? indexedViewOf(F->getASTContext())
                          : nullptr;
  const FunctionSummary *S = View ? View->follow(F).summary() : nullptr;
  if (!S)
    return {};
  std::vector<ParamThreadOp> Result;
  for (const SummaryParamOp &P : S->ParamOps)
    Result.push_back({P.Param, P.Op ? ThreadOp::Detach : ThreadOp::Join,
                      P.OnEveryPath, P.Guarded, View->locate(*S, P.Offset)});
  return Result;
}

std::vector<ParamThreadOp>
summarise(const FunctionDecl *F, unsigned Depth,
          llvm::SmallPtrSetImpl<const FunctionDecl *> &Visiting) {
  const FunctionDecl *Def = followable(F);
  if (!Def)
    return fromIndex(F);
  if (dispatchesDynamically(Def) || Depth > MaxDepth ||
      !Visiting.insert(Def).second)
    return {};
  std::vector<ParamThreadOp> Result = Summariser(*Def, Depth, Visiting).run();
  Visiting.erase(Def);
  return Result;
}

std::vector<ParamThreadOp> Summariser::run() {
  std::vector<ParamThreadOp> Result;
  for (unsigned I = 0, N = Def.getNumParams(); I < N; ++I) {
    const ParmVarDecl *P = Def.getParamDecl(I);
    bool ByValue = false;
    ParamKind Kind = kindOf(P, ByValue);
    std::vector<Site> Sites;
    if (Kind == ParamKind::Other || !classifyUses(P, Kind, ByValue, Sites) ||
        Sites.empty())
      continue;
    const Site &First = Sites.front();
    bool Single = Sites.size() == 1;
    Result.push_back({I, First.Op, Single && First.OnEveryPath,
                      Single && First.Guarded, First.Loc});
  }
  return Result;
}

bool Summariser::classifyUses(const ParmVarDecl *P, ParamKind Kind,
                              bool ByValue, std::vector<Site> &Sites) {
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Use = dyn_cast<DeclRefExpr>(S);
        Use && Use->getDecl() == P &&
        !classifyUse(Use, P, Kind, ByValue, Sites))
      return false;
    Work.append(S->child_begin(), S->child_end());
  }
  return true;
}

bool Summariser::classifyUse(const DeclRefExpr *Use, const ParmVarDecl *P,
                             ParamKind Kind, bool ByValue,
                             std::vector<Site> &Sites) {
  bool Pointer = P->getType()->isPointerType();
  const Expr *Object = Use;
  const Stmt *Parent = parentOf(PM, Use);
  // `*P` names what the pointer points to.
  if (const auto *Deref = dyn_cast_or_null<UnaryOperator>(Parent);
      Pointer && Deref && Deref->getOpcode() == UO_Deref) {
    Object = Deref;
    Parent = parentOf(PM, Deref);
  }
  // `P.join()`, `P->join()`, `(*P).join()`.
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent);
      Member && Kind == ParamKind::ThreadObject &&
      Member->isArrow() == (Object == Use && Pointer)) {
    const auto *Call =
        dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(Member));
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    StringRef Name = Method && Method->getIdentifier() ? Method->getName() : "";
    if (Name == "joinable" || Name == "get_id")
      return true;
    if (Name != "join" && Name != "detach")
      return false;
    bool Guarded = false;
    bool Every = onEveryPath(Call, P, Guarded);
    Sites.push_back({Name == "join" ? ThreadOp::Join : ThreadOp::Detach, Every,
                     Guarded, Call->getExprLoc()});
    return true;
  }
  // Passed on: `&*P` or `&Obj` to a pointer parameter, or the object or
  // handle itself.
  const Expr *Arg = Object;
  if (const auto *AddressOf = dyn_cast_or_null<UnaryOperator>(Parent);
      AddressOf && AddressOf->getOpcode() == UO_AddrOf) {
    Arg = AddressOf;
    Parent = parentOf(PM, AddressOf);
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(Parent)) {
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I)
      if (Call->getArg(I)->IgnoreParenCasts() == Arg->IgnoreParenCasts())
        return classifyArgument(Call, I, P, Kind, ByValue, Sites);
    return false; // the callee
  }
  // Any other read of a handle held by value leaves the caller's handle as
  // it is; a write makes the later calls act on another thread.
  if (Kind != ParamKind::Handle || !ByValue || Arg != Object)
    return false;
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
      Assign && Assign->isAssignmentOp() &&
      Assign->getLHS()->IgnoreParenImpCasts() == Use)
    return false;
  return !isa_and_nonnull<UnaryOperator>(Parent) ||
         !cast<UnaryOperator>(Parent)->isIncrementDecrementOp();
}

bool Summariser::classifyArgument(const CallExpr *Call, unsigned ArgIndex,
                                  const ParmVarDecl *P, ParamKind Kind,
                                  bool ByValue, std::vector<Site> &Sites) {
  const auto *Unary =
      dyn_cast<UnaryOperator>(Call->getArg(ArgIndex)->IgnoreParenCasts());
  bool AddressOf = Unary && Unary->getOpcode() == UO_AddrOf;
  if (const HandleApi *Api = handleApi(Call);
      Api && Kind == ParamKind::Handle && ArgIndex == 0) {
    if (Api->Op == HandleOp::Harmless && !AddressOf)
      return true;
    if (Api->Op == HandleOp::Create)
      return ByValue; // a new thread into the copy
    if (AddressOf)
      return false;
    bool Guarded = false;
    bool Every = onEveryPath(Call, P, Guarded);
    Sites.push_back(
        {Api->Op == HandleOp::Join ? ThreadOp::Join : ThreadOp::Detach, Every,
         false, Call->getExprLoc()});
    return true;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  const ParmVarDecl *Param =
      Callee ? paramForArgument(*Call, *Callee, ArgIndex) : nullptr;
  bool Copied = Param && !Param->getType()->isReferenceType() &&
                !Param->getType()->isPointerType();
  bool ConstRef = Param && Param->getType()->isReferenceType() &&
                  Param->getType()->getPointeeType().isConstQualified();
  std::vector<ParamThreadOp> Ops = Callee
                                       ? summarise(Callee, Depth + 1, Visiting)
                                       : std::vector<ParamThreadOp>();
  const ParamThreadOp *Op =
      Param ? findParamThreadOp(Ops, Param->getFunctionScopeIndex()) : nullptr;
  if (!Op) {
    // A copy of a handle, or a const reference to an object, cannot end
    // the thread; a handle in a variadic argument is a copy too.
    if (Kind == ParamKind::Handle)
      return !AddressOf && (Copied || !Param);
    return ConstRef && !AddressOf;
  }
  bool Guarded = false;
  bool Every = onEveryPath(Call, P, Guarded);
  Sites.push_back({Op->Op, Every && Op->OnEveryPath, Guarded || Op->Guarded,
                   Call->getExprLoc()});
  return true;
}

bool Summariser::onEveryPath(const Stmt *S, const ParmVarDecl *P,
                             bool &Guarded) const {
  Guarded = false;
  const Stmt *Child = S;
  for (const Stmt *Parent = PM.getParent(S); Parent && Child != Body;
       Child = Parent, Parent = PM.getParent(Parent)) {
    if (isa<CompoundStmt, ExprWithCleanups, ReturnStmt, DeclStmt>(Parent))
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
      if (BO->isLogicalOp() && Child == BO->getRHS())
        return false;
      continue;
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(Parent)) {
      if (Child != CO->getCond())
        return false;
      continue;
    }
    if (isa<LambdaExpr, BlockExpr>(Parent))
      return false;
    if (const auto *If = dyn_cast<IfStmt>(Parent)) {
      if (Child == If->getCond() || Child == If->getInit() ||
          Child == If->getConditionVariableDeclStmt())
        continue;
      if (Guarded || Child != If->getThen() || If->getElse() || If->getInit() ||
          If->getConditionVariable() ||
          !isJoinableTestOfParam(If->getCond(), P))
        return false;
      Guarded = true;
      continue;
    }
    if (const auto *Switch = dyn_cast<SwitchStmt>(Parent)) {
      if (Child == Switch->getCond() || Child == Switch->getInit())
        continue;
      return false;
    }
    if (const auto *While = dyn_cast<WhileStmt>(Parent)) {
      if (Child == While->getCond())
        continue;
      return false;
    }
    if (const auto *For = dyn_cast<ForStmt>(Parent)) {
      if (Child == For->getInit() || Child == For->getCond())
        continue;
      return false;
    }
    if (isa<Expr>(Parent))
      continue; // operands are evaluated
    return false;
  }
  return !exitsBefore(S);
}

bool Summariser::encloses(const Stmt *Outer, const Stmt *S) const {
  for (const Stmt *P = PM.getParent(S); P; P = PM.getParent(P))
    if (P == Outer)
      return true;
  return false;
}

bool Summariser::exitsBefore(const Stmt *S) const {
  const SourceManager &SM = Def.getASTContext().getSourceManager();
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  while (!Work.empty()) {
    const Stmt *Node = Work.pop_back_val();
    if (!Node || isa<LambdaExpr, BlockExpr>(Node))
      continue;
    if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt, CXXThrowExpr>(Node) &&
        SM.isBeforeInTranslationUnit(Node->getBeginLoc(), S->getBeginLoc()) &&
        !encloses(Node, S))
      return true;
    Work.append(Node->child_begin(), Node->child_end());
  }
  return false;
}

} // namespace

std::vector<ParamThreadOp> paramThreadOps(const FunctionDecl &F) {
  llvm::SmallPtrSet<const FunctionDecl *, 8> Visiting;
  return summarise(&F, 0, Visiting);
}

const ParmVarDecl *paramForArgument(const CallExpr &Call,
                                    const FunctionDecl &Callee,
                                    unsigned ArgIndex) {
  unsigned Index = ArgIndex;
  if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee)) {
    if (Index == 0)
      return nullptr;
    --Index;
  }
  return Index < Callee.getNumParams() ? Callee.getParamDecl(Index) : nullptr;
}

const ParamThreadOp *findParamThreadOp(const std::vector<ParamThreadOp> &Ops,
                                       unsigned ParamIndex) {
  for (const ParamThreadOp &Op : Ops)
    if (Op.ParamIndex == ParamIndex)
      return &Op;
  return nullptr;
}

} // namespace clang::tidy::daemon
