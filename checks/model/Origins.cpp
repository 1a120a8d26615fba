//===-- Origins.cpp - where a descriptor or stream comes from -------------===//

#include "Origins.h"
#include "FunctionFacts.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::daemon {
namespace {

/// Collects the writes to one variable or member. For a member, binding it
/// to a non-const reference parameter counts as an opaque write too.
class WriteFinder : public RecursiveASTVisitor<WriteFinder> {
public:
  explicit WriteFinder(const ValueDecl *Var) : Var(Var) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && refersToVar(BO->getLHS())) {
      if (BO->getOpcode() == BO_Assign)
        Writes.Assigned.push_back(BO->getRHS());
      else
        Writes.Opaque = true;
    }
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->isAssignmentOp() && Op->getNumArgs() == 2 &&
        refersToVar(Op->getArg(0))) {
      if (Op->getOperator() == OO_Equal)
        Writes.Assigned.push_back(Op->getArg(1));
      else
        Writes.Opaque = true;
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    // An address that escapes, or an update in place.
    if ((UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp()) &&
        refersToVar(UO->getSubExpr()))
      Writes.Opaque = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!isa<FieldDecl>(Var))
      return true;
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
      if (!refersToVar(Call->getArg(I)))
        continue;
      unsigned Param = I - (isa<CXXOperatorCallExpr>(Call) && Callee &&
                                    isa<CXXMethodDecl>(Callee)
                                ? 1
                                : 0);
      QualType T = Callee && Param < Callee->getNumParams()
                       ? Callee->getParamDecl(Param)->getType()
                       : QualType();
      if (T.isNull() ||
          (T->isReferenceType() && !T->getPointeeType().isConstQualified()))
        Writes.Opaque = true;
    }
    return true;
  }
  bool refersToVar(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl() == Var;
    const auto *Member = dyn_cast<MemberExpr>(E);
    return Member && isa<FieldDecl>(Var) && Member->getMemberDecl() == Var;
  }

  const ValueDecl *Var;
  VarWrites Writes;
};

bool isStdStream(const VarDecl *Var) {
  return Var->hasGlobalStorage() && Var->getIdentifier() &&
         (Var->getName() == "stdout" || Var->getName() == "stderr");
}

void trace(const Expr *E, const FunctionDecl *Context, const ASTContext &Ctx,
           CallerIndex *Callers, Origins &Out, unsigned Depth);

/// Traces a member to what the class's own code stores in it: its default
/// initializer, the constructors' initializers and the assignments in its
/// member functions. Opaque unless the member is private to a class
/// without friends whose member functions are all visible, and every write
/// is a plain assignment.
void traceField(const FieldDecl *Field, const ASTContext &Ctx,
                CallerIndex *Callers, Origins &Out, unsigned Depth) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class || Field->getAccess() != AS_private ||
      Class->friend_begin() != Class->friend_end()) {
    Out.Opaque = true;
    return;
  }
  if (const Expr *Init = Field->getInClassInitializer())
    trace(Init, nullptr, Ctx, Callers, Out, Depth + 1);
  for (const CXXMethodDecl *Method : Class->methods()) {
    // Implicit and defaulted members copy it between objects of the class.
    if (Method->isDeleted() || Method->isImplicit() || Method->isDefaulted())
      continue;
    const FunctionDecl *Def = nullptr;
    if (!Method->hasBody(Def) || !Def) {
      Out.Opaque = true;
      return;
    }
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == Field && Init->isWritten())
          trace(Init->getInit(), Def, Ctx, Callers, Out, Depth + 1);
    WriteFinder Finder(Field);
    Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    if (Finder.Writes.Opaque) {
      Out.Opaque = true;
      return;
    }
    for (const Expr *Value : Finder.Writes.Assigned) {
      const auto *Copy = dyn_cast<MemberExpr>(Value->IgnoreParenCasts());
      if (!Copy || Copy->getMemberDecl() != Field)
        trace(Value, Def, Ctx, Callers, Out, Depth + 1);
    }
  }
}

void trace(const Expr *E, const FunctionDecl *Context, const ASTContext &Ctx,
           CallerIndex *Callers, Origins &Out, unsigned Depth) {
  if (!E || Depth > 8) {
    Out.Opaque = true;
    return;
  }
  E = E->IgnoreParenCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Out.Calls.push_back(Call);
    return;
  }
  if (std::optional<llvm::APSInt> Value = E->getIntegerConstantExpr(Ctx)) {
    Out.Constants.push_back(Value->getExtValue());
    return;
  }
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E)) {
    Out.Constants.push_back(0);
    return;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl())) {
      traceField(Field, Ctx, Callers, Out, Depth);
      return;
    }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (Var && isStdStream(Var)) {
    Out.StdStreams.push_back(Var->getName() == "stdout" ? 1 : 2);
    return;
  }
  if (!Var || !Var->hasLocalStorage() || !Context || !Context->getBody()) {
    Out.Opaque = true;
    return;
  }
  VarWrites Writes = writesTo(Var, Context);
  if (Writes.Opaque)
    Out.Opaque = true;
  for (const Expr *Value : Writes.Assigned)
    trace(Value, Context, Ctx, Callers, Out, Depth + 1);
  if (const auto *Param = dyn_cast<ParmVarDecl>(Var)) {
    // A parameter holds what the visible callers pass.
    llvm::ArrayRef<CallerIndex::Call> Calls =
        Callers ? Callers->callsTo(Context)
                : llvm::ArrayRef<CallerIndex::Call>();
    unsigned Index = Param->getFunctionScopeIndex();
    if (Calls.empty())
      Out.Opaque = true;
    for (const auto &[Call, Caller] : Calls) {
      if (isa<CXXOperatorCallExpr>(Call) || Index >= Call->getNumArgs())
        Out.Opaque = true;
      else
        trace(Call->getArg(Index), Caller, Ctx, Callers, Out, Depth + 1);
    }
    return;
  }
  if (Var->getInit())
    trace(Var->getInit(), Context, Ctx, Callers, Out, Depth + 1);
}

} // namespace

bool Origins::fromCallTo(std::initializer_list<llvm::StringRef> Names) const {
  for (const CallExpr *Call : Calls)
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      for (llvm::StringRef Name : Names)
        if (hasQualifiedName(Callee, Name))
          return true;
  return false;
}

VarWrites writesTo(const VarDecl *Var, const FunctionDecl *Context) {
  WriteFinder Finder(Var);
  Finder.TraverseStmt(const_cast<Stmt *>(Context->getBody()));
  return std::move(Finder.Writes);
}

llvm::ArrayRef<CallerIndex::Call> CallerIndex::callsTo(const FunctionDecl *F) {
  if (!Built) {
    Built = true;
    const TUFacts &Facts = factsOf(Ctx);
    for (const FunctionDecl *Fn : Facts.Functions)
      for (const CallExpr *Call : Facts.find(*Fn)->Calls)
        if (const FunctionDecl *Callee = Call->getDirectCallee())
          Calls[Callee->getCanonicalDecl()].emplace_back(Call, Fn);
  }
  auto It = Calls.find(F->getCanonicalDecl());
  if (It == Calls.end())
    return {};
  return It->second;
}

Origins traceOrigins(const Expr *E, const FunctionDecl *Context,
                     const ASTContext &Ctx, CallerIndex *Callers) {
  Origins Out;
  trace(E, Context, Ctx, Callers, Out, 0);
  return Out;
}

} // namespace clang::tidy::daemon
