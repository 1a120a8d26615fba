//===-- Exceptions.cpp - which exceptions can leave code ------------------===//

#include "Exceptions.h"
#include "Callables.h"
#include "Conditions.h"
#include "Names.h"
#include "ParamDependence.h"
#include "Statements.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/CXXInheritance.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/Support/SaveAndRestore.h"
#include <algorithm>

namespace clang::tidy::daemon {

namespace {

/// Which calls of a throwing function throw (ThrowingApis.def).
enum class ThrowRule { Always, NoErrorCode, ValueArgument };

struct BuiltinRow {
  llvm::StringRef Name;
  ThrowRule Rule;
  llvm::StringRef Exceptions;
};

constexpr BuiltinRow BuiltinRows[] = {
#define THROWING_API(Name, Rule, Exceptions)                                   \
  {Name, ThrowRule::Rule, Exceptions},
#include "ThrowingApis.def"
};

/// The last component of a qualified name.
llvm::StringRef lastComponent(llvm::StringRef Name) {
  llvm::StringRef Last = Name.rsplit("::").second;
  return Last.empty() ? Name : Last;
}

bool isNothrow(const FunctionDecl *F) {
  const auto *Proto = F->getType()->getAs<FunctionProtoType>();
  return Proto && Proto->isNothrow();
}

/// The name a call is looked up under in the tables: a function's own
/// name, or for a constructor its class's.
llvm::StringRef tableKey(const FunctionDecl *F) {
  const NamedDecl *Named = F;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    Named = Ctor->getParent();
  const IdentifierInfo *II = Named->getIdentifier();
  return II ? II->getName() : llvm::StringRef();
}

/// Whether \p F is the function \p Name: a constructor is named
/// `Class::Class`.
bool isFunctionNamed(const FunctionDecl *F, llvm::StringRef Name) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F)) {
    auto [Scope, Last] = Name.rsplit("::");
    const CXXRecordDecl *Class = Ctor->getParent();
    return Class->getIdentifier() && Class->getName() == Last &&
           hasQualifiedName(Class, Scope);
  }
  return hasQualifiedName(F, Name);
}

bool hasErrorCodeParameter(const FunctionDecl *F) {
  for (const ParmVarDecl *Param : F->parameters()) {
    QualType T = Param->getType();
    if (!T->isLValueReferenceType())
      continue;
    const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (RD && hasQualifiedName(RD, "std::error_code"))
      return true;
  }
  return false;
}

/// Whether \p Base is \p Derived or a public base class of it.
bool isPublicBaseOf(const CXXRecordDecl *Base, const CXXRecordDecl *Derived) {
  if (Base->getCanonicalDecl() == Derived->getCanonicalDecl())
    return true;
  if (!Derived->hasDefinition())
    return false;
  CXXBasePaths Paths(/*FindAmbiguities=*/true, /*RecordPaths=*/true,
                     /*DetectVirtual=*/false);
  if (!Derived->isDerivedFrom(Base, Paths))
    return false;
  return llvm::any_of(
      Paths, [](const CXXBasePath &Path) { return Path.Access == AS_public; });
}

/// How many escapes of one type a list keeps apart for their guards; the
/// ones after that lose their guards.
constexpr unsigned MaxGuardsPerType = 4;

bool sameGuard(const ThrowGuard &A, const ThrowGuard &B) {
  return A.Condition == B.Condition && A.InElse == B.InElse &&
         llvm::equal(
             A.Params, B.Params,
             [](const ThrowGuard::Binding &X, const ThrowGuard::Binding &Y) {
               return X.Arg == Y.Arg && X.Forwarded == Y.Forwarded;
             });
}

/// Keeps the first escape of each type (and of each kind of way out). An
/// escape under a guard does not stand for one without, nor for one under
/// another guard: the calls may yet rule it out.
void appendUnique(std::vector<Escape> &Out, Escape E) {
  unsigned Guarded = 0;
  for (const Escape &Old : Out) {
    if ((Old.Noexcept != nullptr) != (E.Noexcept != nullptr) ||
        Old.Type.Type != E.Type.Type || Old.Type.Record != E.Type.Record ||
        Old.Type.Name != E.Type.Name)
      continue;
    if (!Old.Guard || (E.Guard && sameGuard(*Old.Guard, *E.Guard)))
      return;
    ++Guarded;
  }
  if (Guarded >= MaxGuardsPerType)
    E.Guard = nullptr;
  Out.push_back(std::move(E));
}

/// Whether control enters \p Branch, a branch of an `if`, only through the
/// `if`: no label, and no `case` of a switch around the `if`, is in it.
bool entersOnlyThroughIf(const Stmt *Branch) {
  // The statements, and whether a switch inside the branch holds them.
  llvm::SmallVector<std::pair<const Stmt *, bool>, 16> Work = {{Branch, false}};
  while (!Work.empty()) {
    auto [S, InSwitch] = Work.pop_back_val();
    if (!S)
      continue;
    if (isa<LabelStmt>(S) || (isa<SwitchCase>(S) && !InSwitch))
      return false;
    for (const Stmt *Child : S->children())
      Work.push_back({Child, InSwitch || isa<SwitchStmt>(S)});
  }
  return true;
}

/// \p Args when they bind the parameters of \p Callee one to one.
std::optional<llvm::ArrayRef<const Expr *>>
bindingArgs(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
            bool Binds) {
  if (!Binds || Callee->isVariadic() || Args.size() != Callee->getNumParams())
    return std::nullopt;
  return Args;
}

} // namespace

/// One throwing function: a row of ThrowingApis.def or an option entry.
struct ExceptionModel::Row {
  ThrowRule Rule;
  std::string Name;
  /// The types it throws; one empty name when unknown.
  llvm::SmallVector<std::string, 2> Exceptions;
};

std::vector<CallStep> Escape::chain() const {
  std::vector<CallStep> Steps;
  for (const Escape *E = this; E->Rest; E = E->Rest)
    Steps.push_back(E->Step);
  return Steps;
}

std::vector<ThrowingFunction>
ThrowingFunction::parseList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<ThrowingFunction> Result;
  for (llvm::StringRef Part : Parts) {
    auto [Name, Type] = Part.split('=');
    if (!Name.trim().empty())
      Result.push_back({Name.trim().str(), Type.trim().str()});
  }
  return Result;
}

ExceptionModel::ExceptionModel(ASTContext &Ctx,
                               std::vector<ThrowingFunction> Extra,
                               ProjectView &View, StoredCallables &Stored)
    : Ctx(Ctx), Extra(std::move(Extra)), View(View), Stored(Stored) {
  auto Add = [&](llvm::StringRef Name, ThrowRule Rule, llvm::StringRef Types) {
    auto R = std::make_unique<Row>();
    R->Rule = Rule;
    R->Name = Name.str();
    llvm::SmallVector<llvm::StringRef, 2> Parts;
    Types.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    for (llvm::StringRef Part : Parts)
      R->Exceptions.push_back(Part.str());
    if (R->Exceptions.empty())
      R->Exceptions.emplace_back(); // thrown type unknown
    RowsByName[lastComponent(Name)].push_back(R.get());
    Rows.push_back(std::move(R));
  };
  for (const BuiltinRow &B : BuiltinRows)
    Add(B.Name, B.Rule, B.Exceptions);
  for (const ThrowingFunction &T : this->Extra)
    Add(llvm::StringRef(T.QualifiedName).ltrim(':'), ThrowRule::Always,
        T.ExceptionType);
}

ExceptionModel::~ExceptionModel() = default;

ExceptionType ExceptionModel::typeNamed(llvm::StringRef Name) {
  ExceptionType T;
  T.Name = Name.str();
  if (Name.empty())
    return T;
  if (!Classes) {
    // Index the classes the tables name, at namespace scope and in classes
    // outside system headers.
    Classes.emplace();
    llvm::StringMap<llvm::SmallVector<llvm::StringRef, 1>> Wanted;
    for (const auto &R : Rows)
      for (const std::string &E : R->Exceptions)
        if (!E.empty())
          Wanted[lastComponent(E)].push_back(E);
    std::vector<const DeclContext *> Work{Ctx.getTranslationUnitDecl()};
    while (!Work.empty()) {
      const DeclContext *DC = Work.back();
      Work.pop_back();
      for (const Decl *D : DC->decls()) {
        if (isa<NamespaceDecl, LinkageSpecDecl>(D)) {
          Work.push_back(cast<DeclContext>(D));
          continue;
        }
        const auto *RD = dyn_cast<CXXRecordDecl>(D);
        if (!RD || !RD->getIdentifier() || !RD->getDefinition())
          continue;
        if (!isInSystemHeader(RD) && RD->isThisDeclarationADefinition())
          Work.push_back(RD);
        auto It = Wanted.find(RD->getName());
        if (It == Wanted.end())
          continue;
        for (llvm::StringRef Full : It->second)
          if (hasQualifiedName(RD, Full))
            (*Classes)[Full] = RD->getDefinition();
      }
    }
  }
  T.Record = Classes->lookup(Name);
  return T;
}

bool ExceptionModel::catches(QualType Handler, const ExceptionType &Thrown) {
  if (Handler.isNull())
    return true; // catch (...)
  if (!Thrown.CaughtAs.empty())
    return llvm::is_contained(Thrown.CaughtAs, handlerName(Handler));
  QualType H = Handler.getNonReferenceType().getCanonicalType();
  if (const CXXRecordDecl *HandlerClass = H->getAsCXXRecordDecl()) {
    if (Thrown.Record)
      return isPublicBaseOf(HandlerClass, Thrown.Record);
    // Known only by name: the library's exceptions, and by convention the
    // ones users list, derive from std::exception.
    return Thrown.Type.isNull() &&
           hasQualifiedName(HandlerClass, "std::exception");
  }
  if (Thrown.Type.isNull())
    return false;
  QualType T = Thrown.Type;
  if (H.getUnqualifiedType() == T)
    return true;
  if (!H->isPointerType())
    return false;
  if (T->isNullPtrType())
    return true;
  if (!T->isPointerType())
    return false;
  QualType HP = H->getPointeeType();
  QualType TP = T->getPointeeType();
  // A qualification conversion may add const/volatile, never drop them.
  if (TP.getCVRQualifiers() & ~HP.getCVRQualifiers())
    return false;
  if (HP->isVoidType() || HP.getUnqualifiedType() == TP.getUnqualifiedType())
    return true;
  const CXXRecordDecl *HC = HP->getAsCXXRecordDecl();
  const CXXRecordDecl *TC = TP->getAsCXXRecordDecl();
  return HC && TC && isPublicBaseOf(HC, TC);
}

bool ExceptionModel::libraryCall(const FunctionDecl *Callee,
                                 llvm::ArrayRef<const Expr *> Args,
                                 const FunctionDecl *F, SourceLocation Loc,
                                 Branch Around, std::vector<Escape> &Out) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
      Ctor && (Ctor->isCopyOrMoveConstructor() || Ctor->getNumParams() == 0))
    return false;
  llvm::StringRef Key = tableKey(Callee);
  auto It = RowsByName.find(Key);
  if (Key.empty() || It == RowsByName.end())
    return false;
  for (const Row *R : It->second) {
    if (!isFunctionNamed(Callee, R->Name))
      continue;
    // Listed, so not looked into; it throws unless this form does not.
    if (isNothrow(Callee) ||
        (R->Rule == ThrowRule::NoErrorCode && hasErrorCodeParameter(Callee)) ||
        (R->Rule == ThrowRule::ValueArgument &&
         (Args.empty() || Args[0]->getType()->isPointerType())))
      return true;
    for (const std::string &Name : R->Exceptions)
      appendUnique(Out, {typeNamed(Name),
                         {ThrowPoint::LibraryCall, F, Loc, R->Name},
                         {},
                         nullptr,
                         {},
                         guardOf(Around, F, /*ForThrow=*/false)});
    return true;
  }
  return false;
}

void ExceptionModel::callOf(const FunctionDecl *Callee,
                            std::optional<llvm::ArrayRef<const Expr *>> Args,
                            const FunctionDecl *F, SourceLocation Loc,
                            Branch Around, std::vector<Escape> &Out) {
  if (!FollowCalls)
    return;
  FuncRef Def = View.follow(Callee);
  if (!Def)
    return;
  for (const Escape &E : escapesOf(Def)) {
    Escape Through = E;
    Through.Step = CallStep{F, Def, Loc};
    Through.Rest = &E;
    Through.Guard = nullptr;
    if (E.Guard && Args && Def.decl() && !OnCycle.contains(Def)) {
      bool Unreachable = false;
      Through.Guard = callThrough(*E.Guard, *Args, Def.decl(), F, Unreachable);
      if (Unreachable)
        continue;
    }
    if (!Through.Guard)
      Through.Guard = guardOf(Around, F, /*ForThrow=*/false);
    appendUnique(Out, std::move(Through));
  }
}

bool ExceptionModel::keepsParam(const FunctionDecl *F, const ParmVarDecl *P) {
  if (auto It = KeptParams.find(P); It != KeptParams.end())
    return It->second;
  bool Kept =
      F->getBody() && !ExprMutationAnalyzer(*F->getBody(), Ctx).isMutated(P);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      Kept = Kept && !ExprMutationAnalyzer(*Init->getInit(), Ctx).isMutated(P);
  KeptParams[P] = Kept;
  return Kept;
}

const ParamDependence &ExceptionModel::dependenceOf(const FunctionDecl *F) {
  std::unique_ptr<ParamDependence> &D = Dependences[F];
  if (!D)
    D = std::make_unique<ParamDependence>(F, Ctx);
  return *D;
}

const ThrowGuard *ExceptionModel::guardOf(Branch Around, const FunctionDecl *F,
                                          bool ForThrow) {
  if (!Around.If)
    return nullptr;
  const IfStmt *If = Around.If;
  const Stmt *Taken = Around.Else ? If->getElse() : If->getThen();
  const GuardKey Key(Taken, ForThrow);
  if (auto It = GuardOfBranch.find(Key); It != GuardOfBranch.end())
    return It->second;
  const ThrowGuard *&Result = GuardOfBranch[Key];
  const Expr *Cond = If->getCond();
  if (!Cond || If->isConsteval() || If->getInit() ||
      If->getConditionVariable() || Cond->isValueDependent() ||
      Cond->isTypeDependent() || !entersOnlyThroughIf(Taken))
    return nullptr;
  auto G = std::make_unique<ThrowGuard>();
  G->Condition = Cond;
  G->Function = F;
  G->InElse = Around.Else;
  for (unsigned I = 0; I < F->getNumParams(); ++I)
    G->Params.push_back({nullptr, I, false});
  // The parameters it reads; anything else it reads must be a constant
  // for the condition to evaluate.
  // Bindings from the calls hold only while the function keeps them.
  anyStatement(Cond, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (P && P->getDeclContext() == F &&
        P->getFunctionScopeIndex() < G->Params.size() &&
        !G->Params[P->getFunctionScopeIndex()].Read) {
      G->Params[P->getFunctionScopeIndex()].Read = true;
      G->Kept.push_back({F, P, false});
    }
    return false;
  });
  // A check that throws, on local variables computed from the parameters,
  // needs them all, and so does the rule for conditions that cannot be
  // evaluated. A call in a branch is no check that the arguments fail.
  const ParamDependence *Dependence = ForThrow ? &dependenceOf(F) : nullptr;
  if (Dependence && Dependence->onlyParams() &&
      Dependence->dependsOnParams(Cond)) {
    G->Deterministic = true;
    bool ReadsNone = G->Kept.empty();
    for (const ParmVarDecl *P : Dependence->named()) {
      ThrowGuard::Binding &B = G->Params[P->getFunctionScopeIndex()];
      B.Input = true;
      B.Read = B.Read || ReadsNone;
      if (!llvm::any_of(G->Kept, [&](const auto &K) { return K.Param == P; }))
        G->Kept.push_back({F, P, !ReadsNone});
    }
  }
  if (G->Kept.empty())
    return nullptr;
  Guards.push_back(std::move(G));
  Result = Guards.back().get();
  return Result;
}

const ThrowGuard *ExceptionModel::callThrough(const ThrowGuard &G,
                                              llvm::ArrayRef<const Expr *> Args,
                                              const FunctionDecl *Callee,
                                              const FunctionDecl *F,
                                              bool &Unreachable) {
  Unreachable = false;
  if (Args.size() != Callee->getNumParams())
    return nullptr;
  auto Next = std::make_unique<ThrowGuard>(G);
  bool Open = false;
  for (ThrowGuard::Binding &B : Next->Params) {
    if (!B.Forwarded)
      continue;
    const ParmVarDecl *To = Callee->getParamDecl(*B.Forwarded);
    B.Arg = Args[*B.Forwarded];
    B.Forwarded.reset();
    // A parameter of F passed on unchanged, with no conversion, stays open.
    // std::forward passes it on too, when it converts nothing on the way.
    const Expr *Passed = B.Arg->IgnoreParenImpCasts();
    if (const auto *Call = dyn_cast<CallExpr>(Passed);
        Call && Call->getNumArgs() == 1 && isCallTo(Call, "std::forward")) {
      const Expr *Forwarded = Call->getArg(0)->IgnoreParens();
      if (Ctx.hasSameUnqualifiedType(
              Call->getType().getNonReferenceType(),
              Forwarded->getType().getNonReferenceType()))
        Passed = Forwarded;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(Passed);
    const auto *From = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    if (From && From->getDeclContext() == F &&
        From->getFunctionScopeIndex() < F->getNumParams() &&
        Ctx.hasSameUnqualifiedType(From->getType().getNonReferenceType(),
                                   To->getType().getNonReferenceType())) {
      B.Forwarded = From->getFunctionScopeIndex();
      Open = Open || B.Read;
      if (B.Read || B.Input)
        Next->Kept.push_back({F, From, !B.Read});
    }
  }
  if (Open) {
    Guards.push_back(std::move(Next));
    return Guards.back().get();
  }
  llvm::SmallVector<const Expr *, 4> Values;
  for (const ThrowGuard::Binding &B : Next->Params)
    Values.push_back(B.Arg);
  std::optional<bool> Holds =
      evaluateCondition(G.Condition, G.Function, Values, Ctx);
  // A function that does the same work for the same arguments, called with
  // constants, is taken to accept them when the condition cannot be told.
  bool Assumed = !Holds && G.Deterministic &&
                 llvm::all_of(Next->Params, [&](const auto &B) {
                   return !B.Input || (!B.Forwarded && B.Arg &&
                                       isConstantArgument(B.Arg, Ctx));
                 });
  if (!Assumed && (!Holds || *Holds != G.InElse))
    return nullptr;
  // The values hold only if no function on the way changes its parameter.
  Unreachable = llvm::all_of(Next->Kept, [&](const auto &K) {
    return (K.InputOnly && !Assumed) || keepsParam(K.Function, K.Param);
  });
  return nullptr;
}

void ExceptionModel::collectTry(const CXXTryStmt *Try, const FunctionDecl *F,
                                const std::vector<Escape> *Caught,
                                Branch Around, std::vector<Escape> &Out) {
  std::vector<Escape> Inner;
  collect(Try->getTryBlock(), F, Caught, Inner, Around);
  std::vector<std::vector<Escape>> CaughtBy(Try->getNumHandlers());
  for (Escape &E : Inner) {
    unsigned I = 0;
    // A handler cannot stop an exception that already left a noexcept
    // function.
    if (!E.Noexcept)
      while (I < Try->getNumHandlers() &&
             !catches(Try->getHandler(I)->getCaughtType(), E.Type))
        ++I;
    if (E.Noexcept || I == Try->getNumHandlers())
      appendUnique(Out, std::move(E));
    else
      CaughtBy[I].push_back(std::move(E));
  }
  // The handlers of a constructor's or destructor's function-try-block
  // rethrow when they end.
  bool Rethrows =
      Try == F->getBody() && isa<CXXConstructorDecl, CXXDestructorDecl>(F);
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    collect(Try->getHandler(I)->getHandlerBlock(), F, &CaughtBy[I], Out,
            Around);
    if (Rethrows)
      for (const Escape &E : CaughtBy[I])
        appendUnique(Out, E);
  }
}

void ExceptionModel::collect(const Stmt *S, const FunctionDecl *F,
                             const std::vector<Escape> *Caught,
                             std::vector<Escape> &Out, Branch Around) {
  // Post-order: a node after its children, the children in source order.
  struct Item {
    const Stmt *Node;
    bool ChildrenDone;
    Branch Around;
  };
  llvm::SmallVector<Item, 32> Work = {{S, false, Around}};
  llvm::SmallVector<const Stmt *, 8> Children;
  while (!Work.empty()) {
    auto [Node, ChildrenDone, In] = Work.pop_back_val();
    if (!Node)
      continue;
    if (ChildrenDone) {
      collectNode(Node, F, Caught, In, Out);
      continue;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Node)) {
      // Its body runs when the lambda is called, not here.
      Children.assign(Lambda->capture_init_begin(), Lambda->capture_init_end());
    } else if (const auto *Try = dyn_cast<CXXTryStmt>(Node)) {
      // Braces nest try blocks no deeper than clang's bracket limit.
      collectTry(Try, F, Caught, In, Out);
      continue;
    } else {
      Work.push_back({Node, true, In});
      Children.assign(Node->child_begin(), Node->child_end());
    }
    const auto *If = dyn_cast<IfStmt>(Node);
    for (const Stmt *Child : llvm::reverse(Children)) {
      Branch ChildIn = In;
      if (If && Child && (Child == If->getThen() || Child == If->getElse()))
        ChildIn = {If, Child == If->getElse()};
      Work.push_back({Child, false, ChildIn});
    }
  }
}

void ExceptionModel::collectNode(const Stmt *S, const FunctionDecl *F,
                                 const std::vector<Escape> *Caught,
                                 Branch Around, std::vector<Escape> &Out) {
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    const Expr *Operand = Throw->getSubExpr();
    if (!Operand) {
      // `throw;` rethrows what the enclosing handler caught.
      if (Caught)
        for (const Escape &E : *Caught)
          appendUnique(Out, {E.Type,
                             {ThrowPoint::Rethrow, F, Throw->getThrowLoc(), ""},
                             {},
                             nullptr,
                             {},
                             guardOf(Around, F, /*ForThrow=*/false)});
      return;
    }
    QualType T = Operand->getType();
    if (T->isArrayType())
      T = Ctx.getArrayDecayedType(T);
    else if (T->isFunctionType())
      T = Ctx.getPointerType(T);
    ExceptionType Type;
    Type.Type = T.getCanonicalType().getUnqualifiedType();
    Type.Record = Type.Type->getAsCXXRecordDecl();
    Type.Name = T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
    appendUnique(Out, {Type,
                       {ThrowPoint::Throw, F, Throw->getThrowLoc(), ""},
                       {},
                       nullptr,
                       {},
                       guardOf(Around, F, /*ForThrow=*/true)});
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
    if (isa<CXXOperatorCallExpr>(Call) &&
        isa_and_nonnull<CXXMethodDecl>(Callee))
      Args.erase(Args.begin()); // the object
    if (Callee && libraryCall(Callee, Args, F, Call->getExprLoc(), Around, Out))
      return;
    const FunctionDecl *Target = resolveCallee(Call, F);
    if (!Target || isInSystemHeader(Target)) {
      // A task taken from a work queue may be any of those stored there.
      for (const FunctionDecl *StoredTarget :
           Stored.targetsOf(Call, F).Functions)
        callOf(StoredTarget, std::nullopt, F, Call->getExprLoc(), Around, Out);
    }
    // The arguments bind the parameters only of the function named.
    bool Binds = Target && Callee &&
                 Target->getCanonicalDecl() == Callee->getCanonicalDecl() &&
                 !Callee->hasCXXExplicitFunctionObjectParameter();
    callOf(Target, bindingArgs(Callee, Args, Binds), F, Call->getExprLoc(),
           Around, Out);
    return;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    llvm::SmallVector<const Expr *, 4> Args(Construct->arguments());
    if (!libraryCall(Ctor, Args, F, Construct->getBeginLoc(), Around, Out))
      callOf(Ctor, bindingArgs(Ctor, Args, true), F, Construct->getBeginLoc(),
             Around, Out);
  }
}

llvm::SmallVector<FuncRef, 8> ExceptionModel::calleesOf(FuncRef Ref) {
  llvm::SmallVector<FuncRef, 8> Callees;
  if (const FunctionSummary *S = Ref.summary()) {
    for (const SummaryFact &Fact : llvm::reverse(S->Facts))
      if (Fact.Kind == SummaryFact::Call)
        if (FuncRef Callee = View.resolve(Fact.Callee))
          Callees.push_back(Callee);
    return Callees;
  }
  const FunctionDecl *F = Ref.decl();
  if (!F || !F->getBody())
    return Callees;
  llvm::SmallVector<const Stmt *, 32> Work = {F->getBody()};
  llvm::SmallVector<const Stmt *, 8> Children;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      Work.push_back(Init->getInit());
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      Work.append(Lambda->capture_init_begin(), Lambda->capture_init_end());
      continue;
    }
    FuncRef Callee;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      Callee = View.follow(resolveCallee(Call, F));
      if (!Callee)
        for (const FunctionDecl *StoredTarget :
             Stored.targetsOf(Call, F).Functions)
          if (FuncRef Def = View.follow(StoredTarget))
            Callees.push_back(Def);
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
      Callee = View.follow(Construct->getConstructor());
    }
    if (Callee)
      Callees.push_back(Callee);
    Children.assign(S->child_begin(), S->child_end());
    Work.append(Children.rbegin(), Children.rend());
  }
  // The caller takes them from the back: the first call first.
  std::reverse(Callees.begin(), Callees.end());
  return Callees;
}

void ExceptionModel::summarise(FuncRef Root) {
  // Depth first over the calls; a function is summarised once every
  // function it calls is summarised or, on a cycle, in progress (null).
  struct Frame {
    FuncRef F;
    llvm::SmallVector<FuncRef, 8> Pending;
  };
  Summaries.try_emplace(Root);
  std::vector<Frame> Stack;
  Stack.push_back({Root, calleesOf(Root)});
  while (!Stack.empty()) {
    if (!Stack.back().Pending.empty()) {
      FuncRef Callee = Stack.back().Pending.pop_back_val();
      if (Summaries.try_emplace(Callee).second)
        Stack.push_back({Callee, calleesOf(Callee)});
      continue;
    }
    FuncRef F = Stack.back().F;
    Stack.pop_back();
    llvm::DenseSet<FuncRef> Heads;
    std::vector<Escape> Escapes;
    {
      llvm::SaveAndRestore Reading(ReadHeads, &Heads);
      Escapes = escapesOfBody(F);
    }
    if (!Heads.empty()) {
      OnCycle.insert(F);
      Heads.erase(F);
      if (!Heads.empty())
        CycleHeads[F].assign(Heads.begin(), Heads.end());
    }
    Summaries[F] = std::make_unique<std::vector<Escape>>(std::move(Escapes));
  }
}

std::vector<Escape> ExceptionModel::escapesOfBody(FuncRef Ref) {
  if (const FunctionSummary *S = Ref.summary())
    return escapesOfIndexed(*S);
  std::vector<Escape> Out;
  const FunctionDecl *F = Ref.decl();
  if (!F || !F->getBody())
    return Out;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      collect(Init->getInit(), F, nullptr, Out, {});
  collect(F->getBody(), F, nullptr, Out, {});
  if (isNothrow(F))
    for (Escape &E : Out)
      if (!E.Noexcept)
        E.Noexcept = F;
  return Out;
}

std::vector<Escape> ExceptionModel::escapesOfIndexed(const FunctionSummary &F) {
  std::vector<Escape> Out;
  for (const SummaryThrow &T : F.Throws) {
    ExceptionType Type;
    Type.Name = T.Type.str();
    for (llvm::StringRef Name : T.CaughtAs)
      Type.CaughtAs.push_back(Name.str());
    Escape E{Type,
             {static_cast<ThrowPoint::KindOf>(T.Kind), &F,
              View.locate(F, T.Offset), T.Api.str()},
             {},
             nullptr};
    if (T.LeavesNoexcept)
      E.Noexcept = &F;
    appendUnique(Out, std::move(E));
  }
  for (const SummaryFact &Fact : F.Facts) {
    if (Fact.Kind != SummaryFact::Call)
      continue;
    FuncRef Callee = View.resolve(Fact.Callee);
    if (!Callee)
      continue;
    for (const Escape &E : escapesOf(Callee)) {
      if (!E.Noexcept && Fact.Handlers >= 0) {
        // The first handler that catches it decides.
        const std::vector<SummaryHandler> &Handlers = F.Handlers[Fact.Handlers];
        auto Catcher = llvm::find_if(Handlers, [&](const SummaryHandler &H) {
          return H.Type.empty() ||
                 llvm::is_contained(catchNames(E.Type), H.Type.str());
        });
        if (Catcher != Handlers.end() && !Catcher->Rethrows)
          continue;
      }
      Escape Through = E;
      Through.Step = CallStep{&F, Callee, View.locate(F, Fact.Offset)};
      Through.Rest = &E;
      // A summary keeps no arguments to bind a guard with.
      Through.Guard = nullptr;
      if (F.Noexcept && !Through.Noexcept)
        Through.Noexcept = &F;
      appendUnique(Out, std::move(Through));
    }
  }
  return Out;
}

std::vector<Escape> ExceptionModel::ownEscapesOf(const FunctionDecl *F) {
  FollowCalls = false;
  std::vector<Escape> Out = escapesOfBody(F);
  FollowCalls = true;
  return Out;
}

llvm::ArrayRef<Escape> ExceptionModel::escapesOf(FuncRef F) {
  if (!Summaries.count(F))
    summarise(F);
  const std::unique_ptr<std::vector<Escape>> &Summary = Summaries[F];
  if (ReadHeads) {
    if (!Summary)
      ReadHeads->insert(F);
    else if (auto It = CycleHeads.find(F); It != CycleHeads.end())
      ReadHeads->insert(It->second.begin(), It->second.end());
  }
  return Summary ? llvm::ArrayRef<Escape>(*Summary)
                 : llvm::ArrayRef<Escape>(); // in progress on a cycle
}

std::vector<Escape> ExceptionModel::escapesOf(const Stmt *S,
                                              const FunctionDecl *Context) {
  std::vector<Escape> Out;
  collect(S, Context, nullptr, Out, {});
  return Out;
}

std::optional<ThreadEscape> ExceptionModel::findEscape(const SpawnSite &Site) {
  for (FuncRef Entry : Site.Entries)
    if (FuncRef Def = Entry.decl() ? View.follow(Entry.decl()) : Entry)
      if (llvm::ArrayRef<Escape> Escapes = escapesOf(Def); !Escapes.empty())
        return ThreadEscape{Def, Escapes.front()};
  return std::nullopt;
}

namespace {

/// The qualified name of \p D without inline namespaces (libc++'s
/// `std::__1`), as handler and thrown types are compared across
/// translation units.
std::string plainQualifiedName(const NamedDecl *D) {
  std::string Name = D->getNameAsString();
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Name = NS->getNameAsString() + "::" + Name;
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Name = RD->getNameAsString() + "::" + Name;
    }
  }
  return Name;
}

void addPublicBases(const CXXRecordDecl *RD, std::vector<std::string> &Out) {
  std::vector<const CXXRecordDecl *> Work = {RD};
  while (!Work.empty()) {
    const CXXRecordDecl *C = Work.back();
    Work.pop_back();
    std::string Name = plainQualifiedName(C);
    if (llvm::is_contained(Out, Name))
      continue;
    Out.push_back(Name);
    if (!C->hasDefinition())
      continue;
    for (const CXXBaseSpecifier &Base : C->getDefinition()->bases())
      if (Base.getAccessSpecifier() == AS_public)
        if (const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl())
          Work.push_back(B);
  }
}

} // namespace

std::vector<std::string> catchNames(const ExceptionType &T) {
  if (!T.CaughtAs.empty())
    return T.CaughtAs;
  std::vector<std::string> Names;
  if (T.Record)
    addPublicBases(T.Record, Names);
  else if (!T.Type.isNull())
    Names.push_back(handlerName(T.Type));
  else if (!T.Name.empty())
    // Known only by name: by convention, a std::exception.
    Names = {T.Name, "std::exception"};
  return Names;
}

std::string handlerName(QualType Handler) {
  if (Handler.isNull())
    return "";
  QualType H = Handler.getNonReferenceType().getCanonicalType();
  if (const CXXRecordDecl *RD = H->getAsCXXRecordDecl())
    return plainQualifiedName(RD);
  return H.getUnqualifiedType().getAsString();
}

} // namespace clang::tidy::daemon
