//===-- StoredCallables.cpp - calls through stored callables --------------===//

#include "StoredCallables.h"
#include "Callables.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/Support/SaveAndRestore.h"

namespace clang::tidy::daemon {

bool isStoredCallableType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isFunctionPointerType())
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->isInStdNamespace() &&
         (RD->getName() == "function" || RD->getName() == "move_only_function");
}

/// The field or variable \p E names: a member (`this->Queue`, `Job->Fn`)
/// or a variable.
static const ValueDecl *placeOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    D = Member->getMemberDecl();
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    D = DRE->getDecl();
  return isa_and_nonnull<FieldDecl, VarDecl>(D) ? D : nullptr;
}

/// \p E without the copies, moves and dereferences that keep the callable
/// it holds.
static const Expr *strip(const Expr *E) {
  while (true) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_Deref) {
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1 &&
        CE->getConstructor()->isCopyOrMoveConstructor()) {
      E = CE->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 &&
        isCallTo(Call, {"std::move", "std::forward"})) {
      E = Call->getArg(0);
      continue;
    }
    return E;
  }
}

/// The type of the elements of a standard container of type \p T: its
/// first template argument.
static QualType elementType(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() ||
      Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

/// The arguments of one construction: a constructor call, or an emplace
/// into a container that constructs its element.
struct Construction {
  llvm::ArrayRef<const Expr *> Args;
  const FunctionDecl *Context;
};

/// Where the translation unit stores callables, found by one walk of its
/// code outside system headers.
class StoreIndex : public UserCodeVisitor<StoreIndex> {
  using Base = UserCodeVisitor<StoreIndex>;

public:
  using Store = std::pair<const Expr *, const FunctionDecl *>;
  /// The values stored into each field or variable of callable type, and
  /// handed to the member functions of each container or object (by its
  /// field or variable) for a parameter of callable type.
  llvm::DenseMap<const ValueDecl *, std::vector<Store>> Values;
  /// The constructions by each constructor (canonical), where one of its
  /// parameters is callable.
  llvm::DenseMap<const FunctionDecl *, std::vector<Construction>> Constructions;
  /// The emplaces into containers of each class.
  llvm::DenseMap<const CXXRecordDecl *, std::vector<Construction>> Emplaces;

  // The semantic form of an initialiser list, where each value stands for
  // its field, is implicit code.
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    const auto *Fn = dyn_cast_or_null<FunctionDecl>(D);
    if (!Fn || !Fn->doesThisDeclarationHaveABody())
      return Base::TraverseDecl(D);
    llvm::SaveAndRestore Save(Current, Fn);
    return Base::TraverseDecl(D);
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    llvm::SaveAndRestore Save(
        Current, static_cast<const FunctionDecl *>(L->getCallOperator()));
    return Base::TraverseLambdaExpr(L);
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      store(BO->getLHS(), BO->getRHS());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      store(Op->getArg(0), Op->getArg(1));
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (Var->hasGlobalStorage() && Var->getInit() &&
        isStoredCallableType(Var->getType()))
      Values[Var].emplace_back(Var->getInit(), Current);
    return true;
  }

  bool VisitFieldDecl(FieldDecl *Field) {
    if (const Expr *Init = Field->getInClassInitializer();
        Init && isStoredCallableType(Field->getType()))
      Values[Field].emplace_back(Init, nullptr);
    return true;
  }

  bool VisitCXXConstructorDecl(CXXConstructorDecl *Ctor) {
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (const FieldDecl *Field = Init->getMember();
          Field && isStoredCallableType(Field->getType()) &&
          !isa<CXXDefaultInitExpr>(Init->getInit()))
        Values[Field].emplace_back(Init->getInit(), Ctor);
    return true;
  }

  bool VisitInitListExpr(InitListExpr *List) {
    // A transparent list (`S Copy = {Other}`) stands for its one value.
    if (!List->isSemanticForm() || List->isTransparent())
      return true;
    const auto *RD = List->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion())
      return true;
    const auto *CXXRD = dyn_cast<CXXRecordDecl>(RD);
    unsigned I = CXXRD ? CXXRD->getNumBases() : 0;
    for (const FieldDecl *Field : RD->fields()) {
      if (Field->isUnnamedBitField())
        continue;
      if (I >= List->getNumInits())
        break;
      if (isStoredCallableType(Field->getType()))
        Values[Field].emplace_back(List->getInit(I), Current);
      ++I;
    }
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (takesCallable(Ctor))
      Constructions[Ctor->getCanonicalDecl()].push_back(
          {{CE->getArgs(), CE->getNumArgs()}, Current});
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    const ValueDecl *Place = Object ? placeOf(Object) : nullptr;
    if (!Method || !Place || !Method->getIdentifier())
      return true;
    if (Method->getName().starts_with("emplace")) {
      QualType Element = elementType(Object->getType());
      if (Element.isNull())
        return true;
      if (isStoredCallableType(Element) && Call->getNumArgs() == 1)
        Values[Place].emplace_back(Call->getArg(0), Current);
      else if (const CXXRecordDecl *RD = Element->getAsCXXRecordDecl())
        Emplaces[RD->getCanonicalDecl()].push_back(
            {{Call->getArgs(), Call->getNumArgs()}, Current});
      return true;
    }
    for (unsigned I = 0,
                  N = std::min(Call->getNumArgs(), Method->getNumParams());
         I < N; ++I)
      if (isStoredCallableType(Method->getParamDecl(I)->getType()))
        Values[Place].emplace_back(Call->getArg(I), Current);
    return true;
  }

private:
  static bool takesCallable(const FunctionDecl *Fn) {
    return !isInSystemHeader(Fn) &&
           llvm::any_of(Fn->parameters(), [](const ParmVarDecl *P) {
             return isStoredCallableType(P->getType());
           });
  }

  void store(const Expr *Target, const Expr *Value) {
    // An element of a container or map: `Handlers[Name] = Fn`.
    if (const auto *Op =
            dyn_cast<CXXOperatorCallExpr>(Target->IgnoreParenImpCasts());
        Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
        isStoredCallableType(Op->getType())) {
      if (const ValueDecl *Place = placeOf(Op->getArg(0)))
        Values[Place].emplace_back(Value, Current);
      return;
    }
    if (const ValueDecl *Place = placeOf(Target);
        Place && isStoredCallableType(Place->getType()) &&
        (isa<FieldDecl>(Place) || cast<VarDecl>(Place)->hasGlobalStorage()))
      Values[Place].emplace_back(Value, Current);
  }

  const FunctionDecl *Current = nullptr;
};

StoredCallables::StoredCallables(ASTContext &Ctx, CallerIndex &Callers)
    : Ctx(Ctx), Callers(Callers) {}

StoredCallables::~StoredCallables() = default;

const StoreIndex &StoredCallables::index() {
  if (!Stores) {
    Stores = std::make_unique<StoreIndex>();
    Stores->TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return *Stores;
}

const StoredTargets &StoredCallables::targetsOf(const CallExpr *Call,
                                                const FunctionDecl *Context) {
  static const StoredTargets None;
  const Expr *Callee = Call->getCallee();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() != OO_Call || Op->getNumArgs() < 1)
      return None;
    Callee = Op->getArg(0);
  } else if (Call->getDirectCallee()) {
    return None;
  }
  auto [It, Inserted] = Memo.try_emplace(Call);
  if (Inserted) {
    Targets Found;
    std::vector<std::pair<const FunctionDecl *, unsigned>> Opened;
    Seen.clear();
    Open = &Opened;
    readsOf(Callee, Context, 0, /*InStore=*/false, Found);
    Open = nullptr;
    It->second.Functions.assign(Found.begin(), Found.end());
    It->second.Open = std::move(Opened);
  }
  return It->second;
}

void StoredCallables::readsOf(const Expr *E, const FunctionDecl *Context,
                              unsigned Depth, bool InStore, Targets &Out) {
  if (!E || Depth > 8 || Out.size() >= MaxTargets)
    return;
  E = strip(E);
  const ValueDecl *Place = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    // An element taken from a container: `Queue.front()`, `Pool.take()`.
    if (const Expr *Object = Member->getImplicitObjectArgument();
        Object && isStoredCallableType(Member->getType()))
      Place = placeOf(Object);
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
        isStoredCallableType(Op->getType()))
      Place = placeOf(Op->getArg(0));
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
    if (!Var || isa<ParmVarDecl>(Var))
      return;
    if (Var->hasLocalStorage()) {
      // A local copied from a stored callable, once or more.
      if (!Context || !Context->getBody() || !Seen.insert(Var).second)
        return;
      if (Var->getInit())
        valuesOf(Var->getInit(), Context, Depth + 1, InStore, Out);
      for (const Expr *Value : writesTo(Var, Context).Assigned)
        valuesOf(Value, Context, Depth + 1, InStore, Out);
      return;
    }
    if (isStoredCallableType(Var->getType()))
      Place = Var;
  } else if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (isStoredCallableType(Member->getType()))
      Place = placeOf(Member);
  }
  if (!Place || !Seen.insert(Place).second)
    return;
  const StoreIndex &Index = index();
  auto It = Index.Values.find(Place);
  if (It == Index.Values.end())
    return;
  for (const auto &[Value, Where] : It->second)
    valuesOf(Value, Where, Depth + 1, /*InStore=*/true, Out);
}

void StoredCallables::valuesOf(const Expr *E, const FunctionDecl *Context,
                               unsigned Depth, bool InStore, Targets &Out) {
  if (!E || Depth > 8 || Out.size() >= MaxTargets)
    return;
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E))
    E = Default->getExpr();
  ResolvedCallable R = resolveCallable(E, Context);
  if (R.Function && !isInSystemHeader(R.Function)) {
    Out.insert(R.Function);
    return;
  }
  // A stored parameter holds what every caller passes; a parameter called
  // where it is (through a local copy) holds what this call's caller
  // passed, which is not known here.
  if (R.Parameter) {
    // A lambda may name a parameter of the function around it.
    if (const auto *Owner =
            dyn_cast<FunctionDecl>(R.Parameter->getDeclContext());
        Owner && InStore)
      argumentsFor(R.Parameter, Owner, Depth + 1, Out);
    return;
  }
  // A value copied from another stored callable.
  readsOf(E, Context, Depth + 1, InStore, Out);
}

void StoredCallables::argumentsFor(const ParmVarDecl *Param,
                                   const FunctionDecl *Fn, unsigned Depth,
                                   Targets &Out) {
  if (!Seen.insert(Param).second)
    return;
  unsigned Index = Param->getFunctionScopeIndex();
  // Calls of the function, or of a virtual function it overrides.
  llvm::SmallVector<const FunctionDecl *, 2> Called = {Fn};
  for (unsigned I = 0; I < Called.size(); ++I)
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Called[I]))
      for (const CXXMethodDecl *Overridden : Method->overridden_methods())
        Called.push_back(Overridden);
  for (const FunctionDecl *F : Called) {
    for (const auto &[Call, Caller] : Callers.callsTo(F))
      if (!isa<CXXOperatorCallExpr>(Call) && Index < Call->getNumArgs())
        valuesOf(Call->getArg(Index), Caller, Depth, /*InStore=*/true, Out);
    // Other files may call it too.
    if (Open && F->isExternallyVisible() && !isa<CXXConstructorDecl>(F))
      Open->emplace_back(F, Index);
  }
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn);
  if (!Ctor)
    return;
  const StoreIndex &Stores = index();
  if (auto It = Stores.Constructions.find(Ctor->getCanonicalDecl());
      It != Stores.Constructions.end())
    for (const Construction &C : It->second)
      if (Index < C.Args.size())
        valuesOf(C.Args[Index], C.Context, Depth, /*InStore=*/true, Out);
  // An emplace constructs its element with the one constructor of that
  // many parameters.
  const CXXRecordDecl *RD = Ctor->getParent();
  unsigned Arity = Ctor->getNumParams();
  if (Ctor->isCopyOrMoveConstructor() ||
      llvm::count_if(RD->ctors(), [&](const CXXConstructorDecl *Other) {
        return Other->getNumParams() == Arity &&
               !Other->isCopyOrMoveConstructor();
      }) != 1)
    return;
  if (auto It = Stores.Emplaces.find(RD->getCanonicalDecl());
      It != Stores.Emplaces.end())
    for (const Construction &C : It->second)
      if (C.Args.size() == Arity)
        valuesOf(C.Args[Index], C.Context, Depth, /*InStore=*/true, Out);
}

} // namespace clang::tidy::daemon
