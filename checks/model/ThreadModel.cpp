//===-- ThreadModel.cpp - which threads a TU starts and how they end ------===//

#include "ThreadModel.h"
#include "Callables.h"
#include "Functions.h"
#include "Names.h"
#include "ProjectIndex.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::daemon {
namespace {

/// The spawning APIs of C and the platforms, by the position of their
/// callable argument.
struct CreateApi {
  llvm::StringRef Name;
  unsigned CallableIndex;
  /// Position of the `&tid` argument, or -1.
  int HandleOutIndex;
  /// Position of the argument handed to the entry.
  unsigned ArgumentIndex;
};
constexpr CreateApi CreateApis[] = {
    {"::pthread_create", 2, 0, 3}, {"::thrd_create", 1, 0, 2},
    {"::_beginthread", 0, -1, 2},  {"::_beginthreadex", 2, -1, 3},
    {"::CreateThread", 2, -1, 3},
};

/// A spawn before its detach state and wrappers are worked out.
struct RawSpawn {
  RawSpawn(const Expr *Creation, SourceLocation CreationLoc,
           const FunctionDecl *Creator, const Expr *Callable)
      : Creation(Creation), CreationLoc(CreationLoc), Creator(Creator),
        Callable(Callable) {}
  const Expr *Creation;
  SourceLocation CreationLoc;
  const FunctionDecl *Creator;
  const Expr *Callable;
  llvm::SmallVector<const Expr *, 2> Arguments;
  /// What holds the thread: a variable, a member, a container, a handle.
  const Decl *Holder = nullptr;
  llvm::StringRef Api; // empty for thread objects
  DetachKind Detach = DetachKind::None;
  SourceLocation DetachLoc;
};

/// A call that may detach a thread held by \p Holder (or, for
/// DetachedAttrs, that marks attribute \p Holder detached).
struct DetachFact {
  const Decl *Holder;
  SourceLocation Loc;
  const FunctionDecl *In;
};

/// A thread object moved from one holder into another.
struct MoveFact {
  const Decl *From;
  const Decl *To;
  SourceLocation Loc;
  const FunctionDecl *In;
};

/// What the walk over all bodies finds.
struct BodyFacts {
  std::vector<RawSpawn> Spawns;
  std::vector<DetachFact> Detaches;
  std::vector<DetachFact> DetachedAttrs;
  std::vector<MoveFact> Moves;
  llvm::DenseMap<const FunctionDecl *, SourceLocation> SelfDetaches;
  llvm::SmallPtrSet<const Decl *, 4> Waited;
  std::vector<std::pair<const CallExpr *, const FunctionDecl *>> Calls;
  llvm::DenseMap<const VarDecl *, const Decl *> LoopRanges;
};

const Expr *skipImplicit(const Expr *E) {
  while (true) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (const auto *Cast = dyn_cast<CStyleCastExpr>(E))
      E = Cast->getSubExpr();
    else
      return E;
  }
}

/// The declaration an lvalue names: a variable, a member, or the base of an
/// array element.
const Decl *namedDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = skipImplicit(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return namedDecl(UO->getSubExpr());
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return namedDecl(ASE->getBase());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

/// Where a call names its callee: `post` in `tasks::post(...)`.
SourceLocation calleeNameLoc(const CallExpr *Call) {
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee))
    return DRE->getLocation();
  if (const auto *ME = dyn_cast<MemberExpr>(Callee))
    return ME->getMemberLoc();
  return Call->getExprLoc();
}

/// Whether \p RD is a container of thread objects (its first template
/// argument is a thread class).
bool isThreadContainer(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0)
    return false;
  const TemplateArgument &Arg = Spec->getTemplateArgs()[0];
  return Arg.getKind() == TemplateArgument::Type &&
         isThreadClass(Arg.getAsType()->getAsCXXRecordDecl());
}

/// Walks one function body (not the bodies of lambdas in it, which are
/// functions of their own) and records spawns, detaches and calls.
class BodyWalker : public RecursiveASTVisitor<BodyWalker> {
public:
  BodyWalker(ASTContext &Ctx, const FunctionDecl *Fn, BodyFacts &Facts)
      : Ctx(Ctx), Fn(Fn), Facts(Facts) {}

  /// Walks the body, and a constructor's member initialisers.
  void walk() {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isMemberInitializer() && Init->isWritten() &&
            Init->getInit()) {
          InitOf[Init->getInit()] = Init;
          TraverseStmt(Init->getInit());
        }
    TraverseStmt(Fn->getBody());
  }

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    if (const VarDecl *Var = S->getLoopVariable())
      Facts.LoopRanges[Var] = namedDecl(S->getRangeInit());
    return RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (!isThreadClass(Ctor->getParent()) || CE->getNumArgs() == 0 ||
        Ctor->isCopyOrMoveConstructor())
      return true;
    RawSpawn S{CE, CE->getBeginLoc(), Fn, CE->getArg(0)};
    S.Arguments.append(CE->arg_begin() + 1, CE->arg_end());
    placeThreadObject(CE, S);
    Facts.Spawns.push_back(S);
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return true;
    const Expr *Object = Call->getImplicitObjectArgument();
    StringRef Name = Method->getName();
    if (Name == "detach" && isThreadClass(Method->getParent())) {
      recordDetach(Object, Call->getExprLoc());
      return true;
    }
    // `Pool.emplace_back(callable)` constructs the thread in the container.
    if ((Name == "emplace_back" || Name == "emplace" ||
         Name == "emplace_front") &&
        Object && isThreadContainer(Object->getType()) &&
        Call->getNumArgs() >= 1) {
      RawSpawn S{Call, Call->getExprLoc(), Fn, Call->getArg(0)};
      S.Arguments.append(Call->arg_begin() + 1, Call->arg_end());
      S.Holder = namedDecl(Object);
      Facts.Spawns.push_back(S);
    }
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    Facts.Calls.emplace_back(Call, Fn);
    for (const CreateApi &Api : CreateApis) {
      if (!isCallTo(Call, Api.Name) || Call->getNumArgs() <= Api.CallableIndex)
        continue;
      RawSpawn S{Call, calleeNameLoc(Call), Fn,
                 Call->getArg(Api.CallableIndex)};
      S.Api = Api.Name;
      if (Api.ArgumentIndex < Call->getNumArgs())
        S.Arguments.push_back(Call->getArg(Api.ArgumentIndex));
      if (Api.HandleOutIndex >= 0) {
        S.Holder = namedDecl(Call->getArg(Api.HandleOutIndex));
      } else if (Api.Name == "::_beginthread") {
        S.Detach = DetachKind::AlwaysDetached;
        S.DetachLoc = S.CreationLoc;
      } else if (SourceLocation Closed = ClosedDirectly.lookup(Call);
                 Closed.isValid()) {
        S.Detach = DetachKind::HandleClosed;
        S.DetachLoc = Closed;
      } else {
        S.Holder = handleHolder(Call);
      }
      Facts.Spawns.push_back(S);
    }
    if ((isCallTo(Call, "::pthread_detach") ||
         isCallTo(Call, "::thrd_detach") || isCallTo(Call, "::CloseHandle")) &&
        Call->getNumArgs() == 1) {
      const Expr *Arg = skipImplicit(Call->getArg(0));
      if (const auto *Inner = dyn_cast<CallExpr>(Arg)) {
        if (isCallTo(Inner, "::pthread_self") ||
            isCallTo(Inner, "::thrd_current"))
          Facts.SelfDetaches.try_emplace(Fn, calleeNameLoc(Call));
        else // CloseHandle(CreateThread(...))
          ClosedDirectly[Inner] = calleeNameLoc(Call);
      } else {
        recordDetach(Arg, calleeNameLoc(Call));
      }
    }
    if ((isCallTo(Call, "::WaitForSingleObject") ||
         isCallTo(Call, "::WaitForMultipleObjects")) &&
        Call->getNumArgs() >= 2) {
      unsigned HandleArg = isCallTo(Call, "::WaitForSingleObject") ? 0 : 1;
      if (const Decl *Handle = namedDecl(Call->getArg(HandleArg)))
        Facts.Waited.insert(Handle);
    }
    if (isCallTo(Call, "::pthread_attr_setdetachstate") &&
        Call->getNumArgs() == 2 && namesDetachedState(Call->getArg(1)))
      if (const Decl *Attr = namedDecl(Call->getArg(0)))
        Facts.DetachedAttrs.push_back({Attr, calleeNameLoc(Call), Fn});
    recordMove(Call);
    return true;
  }

private:
  bool namesDetachedState(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const IdentifierInfo *II = DRE->getDecl()->getIdentifier())
        return II->isStr("PTHREAD_CREATE_DETACHED");
    return E->getBeginLoc().isMacroID() &&
           Lexer::getImmediateMacroName(
               E->getBeginLoc(), Ctx.getSourceManager(), Ctx.getLangOpts()) ==
               "PTHREAD_CREATE_DETACHED";
  }

  /// The parent of \p Child within the function: a statement, or the
  /// variable or member \p Child initialises.
  struct Parent {
    const Stmt *S = nullptr;
    const Decl *Initialised = nullptr;
  };
  Parent parentOf(const Stmt *Child) {
    const Stmt *P = parentMap().getParent(Child);
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->getInit() == Child)
          return {nullptr, Var};
      return {};
    }
    if (!P)
      if (const CXXCtorInitializer *Init = InitOf.lookup(Child))
        return {nullptr, Init->getMember()};
    return {P, nullptr};
  }

  /// `std::move(T)` of a thread object into another holder: a variable, a
  /// member, a container.
  void recordMove(const CallExpr *Move) {
    if (!isCallTo(Move, "std::move") || Move->getNumArgs() != 1 ||
        !isThreadClass(Move->getArg(0)->getType()->getAsCXXRecordDecl()))
      return;
    const Decl *From = namedDecl(Move->getArg(0));
    const Stmt *Current = Move;
    for (unsigned Hops = 0; From && Hops < 6; ++Hops) {
      Parent P = parentOf(Current);
      const Decl *To = P.Initialised;
      if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P.S);
          Op && Op->getOperator() == OO_Equal)
        To = namedDecl(Op->getArg(0));
      else if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(P.S))
        To = namedDecl(Call->getImplicitObjectArgument());
      if (To) {
        Facts.Moves.push_back({From, To, Move->getBeginLoc(), Fn});
        return;
      }
      if (!isa_and_nonnull<Expr>(P.S) || isa<CallExpr>(P.S))
        return;
      Current = P.S;
    }
  }

  /// Finds what holds a thread object constructed by \p CE.
  void placeThreadObject(const CXXConstructExpr *CE, RawSpawn &S) {
    const Stmt *Current = CE;
    for (unsigned Hops = 0; Hops < 8; ++Hops) {
      Parent P = parentOf(Current);
      if (P.Initialised) {
        S.Holder = P.Initialised;
        if (const auto *Var = dyn_cast<VarDecl>(P.Initialised))
          S.CreationLoc = Var->getBeginLoc();
        return;
      }
      if (const auto *ME = dyn_cast_or_null<MemberExpr>(P.S)) {
        // std::thread(f).detach()
        const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(parentOf(ME).S);
        const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
        if (Method && Method->getIdentifier() &&
            Method->getName() == "detach") {
          S.Detach = DetachKind::DetachCall;
          S.DetachLoc = Call->getExprLoc();
        }
        return;
      }
      if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P.S)) {
        if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
          S.Holder = namedDecl(Op->getArg(0));
        return;
      }
      if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(P.S)) {
        // Pool.push_back(std::thread(f))
        if (Call->getImplicitObjectArgument() &&
            isThreadContainer(Call->getImplicitObjectArgument()->getType()))
          S.Holder = namedDecl(Call->getImplicitObjectArgument());
        return;
      }
      if (!isa_and_nonnull<Expr>(P.S) || isa<CallExpr>(P.S))
        return;
      Current = P.S;
    }
  }

  /// The variable a returned thread handle is stored in.
  const Decl *handleHolder(const CallExpr *Call) {
    const Stmt *Current = Call;
    for (unsigned Hops = 0; Hops < 4; ++Hops) {
      Parent P = parentOf(Current);
      if (P.Initialised)
        return P.Initialised;
      if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P.S))
        return BO->getOpcode() == BO_Assign ? namedDecl(BO->getLHS()) : nullptr;
      if (!isa_and_nonnull<Expr>(P.S) || isa<CallExpr>(P.S))
        return nullptr;
      Current = P.S;
    }
    return nullptr;
  }

  /// Records a detach of the thread \p Object names: a variable, a member,
  /// an element of a container (through a range-for variable, `C[i]`,
  /// `C.back()`), or a pthread/C11/Win32 handle.
  void recordDetach(const Expr *Object, SourceLocation Loc) {
    if (!Object)
      return;
    Object = skipImplicit(Object);
    const Decl *Holder = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Object);
        Op && Op->getOperator() == OO_Subscript)
      Holder = namedDecl(Op->getArg(0));
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Object))
      Holder = namedDecl(Call->getImplicitObjectArgument());
    else
      Holder = namedDecl(Object);
    if (const auto *Var = dyn_cast_or_null<VarDecl>(Holder))
      if (const Decl *Range = Facts.LoopRanges.lookup(Var))
        Holder = Range;
    if (Holder)
      Facts.Detaches.push_back({Holder, Loc, Fn});
  }

  ASTContext &Ctx;
  const FunctionDecl *Fn;
  BodyFacts &Facts;
  /// Built on first use: most functions start no thread.
  ParentMap &parentMap() {
    if (!PM) {
      PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Fn->getBody()));
      for (const auto &Entry : InitOf)
        PM->addStmt(const_cast<Stmt *>(Entry.first));
    }
    return *PM;
  }
  std::unique_ptr<ParentMap> PM;
  llvm::DenseMap<const Stmt *, const CXXCtorInitializer *> InitOf;
  /// `CloseHandle(CreateThread(...))`: the create call and the close.
  llvm::DenseMap<const CallExpr *, SourceLocation> ClosedDirectly;
};

/// Builds the model from the facts of all bodies.
class Builder {
public:
  Builder(ASTContext &Ctx, BodyFacts &Facts) : Ctx(Ctx), Facts(Facts) {}

  bool before(SourceLocation A, SourceLocation B) const {
    return Ctx.getSourceManager().isBeforeInTranslationUnit(A, B);
  }

  /// Local holders are detached in the creating function, after the
  /// creation and before the holder gets another thread; members and
  /// containers held by members anywhere.
  void findDetach(RawSpawn &S) const {
    if (!S.Holder || S.Detach != DetachKind::None)
      return;
    bool IsHandle = S.Api == "::_beginthreadex" || S.Api == "::CreateThread";
    if (IsHandle && Facts.Waited.count(S.Holder))
      return;
    llvm::SmallVector<const Decl *, 4> Holders = {S.Holder};
    for (unsigned I = 0; I < Holders.size(); ++I)
      for (const MoveFact &M : Facts.Moves)
        if (M.From == Holders[I] && M.In == S.Creator &&
            before(S.CreationLoc, M.Loc) && !llvm::is_contained(Holders, M.To))
          Holders.push_back(M.To);
    for (const DetachFact &D : Facts.Detaches) {
      if (!llvm::is_contained(Holders, D.Holder))
        continue;
      bool Local =
          isa<VarDecl>(D.Holder) && cast<VarDecl>(D.Holder)->hasLocalStorage();
      if (Local && (D.In != S.Creator || !before(S.CreationLoc, D.Loc) ||
                    reassignedBetween(S, D.Loc)))
        continue;
      if (S.Detach == DetachKind::None || before(D.Loc, S.DetachLoc)) {
        S.Detach = IsHandle ? DetachKind::HandleClosed : DetachKind::DetachCall;
        S.DetachLoc = D.Loc;
      }
    }
  }

  bool reassignedBetween(const RawSpawn &S, SourceLocation Detach) const {
    return llvm::any_of(Facts.Spawns, [&](const RawSpawn &Other) {
      return &Other != &S && Other.Holder == S.Holder &&
             Other.Creator == S.Creator &&
             before(S.CreationLoc, Other.CreationLoc) &&
             before(Other.CreationLoc, Detach);
    });
  }

  /// pthread_create with an attribute set to PTHREAD_CREATE_DETACHED before.
  void findDetachedAttribute(RawSpawn &S) const {
    if (S.Api != "::pthread_create" || S.Detach != DetachKind::None)
      return;
    const auto *Call = cast<CallExpr>(S.Creation);
    const Decl *Attr = namedDecl(Call->getArg(1));
    for (const DetachFact &A : Facts.DetachedAttrs)
      if (Attr && A.Holder == Attr && A.In == S.Creator &&
          before(A.Loc, S.CreationLoc)) {
        S.Detach = DetachKind::DetachedAttribute;
        S.DetachLoc = S.CreationLoc;
      }
  }

  /// `pthread_detach(pthread_self())` in the entry itself.
  void findSelfDetach(RawSpawn &S, const FunctionDecl *Entry) const {
    if (S.Detach != DetachKind::None || !Entry)
      return;
    if (SourceLocation Loc = Facts.SelfDetaches.lookup(Entry); Loc.isValid()) {
      S.Detach = DetachKind::DetachSelf;
      S.DetachLoc = Loc;
    }
  }

private:
  ASTContext &Ctx;
  BodyFacts &Facts;
};

const FunctionDecl *canonical(const FunctionDecl *F) {
  return F ? F->getCanonicalDecl() : nullptr;
}

/// The indices of \p Creator's parameters that \p Arguments name as they
/// are (through implicit conversions only).
llvm::SmallVector<unsigned, 2>
parametersPassed(llvm::ArrayRef<const Expr *> Arguments,
                 const FunctionDecl *Creator) {
  llvm::SmallVector<unsigned, 2> Out;
  for (const Expr *Arg : Arguments)
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreImpCasts()))
      if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl());
          Param && Param->getDeclContext() == Creator)
        Out.push_back(Param->getFunctionScopeIndex());
  return Out;
}

/// The arguments of a call of wrapper \p W that reach the thread as its
/// arguments.
llvm::SmallVector<const Expr *, 2> argumentsFor(const CallExpr &Call,
                                                const SpawnerWrapper &W) {
  llvm::SmallVector<const Expr *, 2> Out;
  for (unsigned Index : W.ArgumentParams)
    if (Index < Call.getNumArgs())
      Out.push_back(Call.getArg(Index));
  return Out;
}

} // namespace

ThreadModel::ThreadModel(ASTContext &Ctx, std::vector<NamedSpawner> Spawners,
                         ProjectView &View) {
  BodyFacts Facts;
  for (const FunctionDecl *F : userFunctionDefinitions(Ctx))
    BodyWalker(Ctx, F, Facts).walk();

  Builder B(Ctx, Facts);
  llvm::DenseMap<const FunctionDecl *, SpawnerWrapper *> WrapperOf;
  auto AddWrapper = [&](const FunctionDecl *F, unsigned ParamIndex,
                        FuncRef Inner, SourceLocation Loc,
                        llvm::ArrayRef<unsigned> ArgumentParams = {}) {
    if (WrapperOf.count(canonical(F)))
      return false;
    auto W = std::make_unique<SpawnerWrapper>();
    W->Function = F;
    W->ParamIndex = ParamIndex;
    W->InnerEntry = Inner;
    W->SpawnLoc = Loc;
    W->ArgumentParams.assign(ArgumentParams.begin(), ArgumentParams.end());
    WrapperOf[canonical(F)] = W.get();
    Wrappers.push_back(std::move(W));
    return true;
  };
  /// What a thread runs: the definition to look into, or the declaration.
  auto EntryOf = [&](const FunctionDecl *F) -> FuncRef {
    if (FuncRef Def = View.follow(F))
      return Def;
    return F;
  };
  /// The wrapper a call goes to, and what it passes as the callable.
  auto WrapperCall = [&](const CallExpr *Call, const FunctionDecl *Caller)
      -> std::pair<const SpawnerWrapper *, ResolvedCallable> {
    const SpawnerWrapper *W =
        WrapperOf.lookup(canonical(Call->getDirectCallee()));
    if (!W || isa<CXXOperatorCallExpr>(Call) ||
        W->ParamIndex >= Call->getNumArgs())
      return {nullptr, {}};
    return {W, resolveCallable(Call->getArg(W->ParamIndex), Caller)};
  };

  // Threads started directly: resolve the entry, then how the thread ends.
  for (RawSpawn &S : Facts.Spawns) {
    ResolvedCallable R = resolveCallable(S.Callable, S.Creator);
    B.findDetach(S);
    B.findDetachedAttribute(S);
    B.findSelfDetach(S, R.Function);
    const ParmVarDecl *Param = R.Parameter ? R.Parameter : R.ForwardedParameter;
    if (S.Detach != DetachKind::None && Param) {
      AddWrapper(S.Creator, Param->getFunctionScopeIndex(),
                 R.Parameter ? nullptr : R.Function, S.CreationLoc,
                 parametersPassed(S.Arguments, S.Creator));
      continue;
    }
    if (!R.Function)
      continue;
    SpawnSite Site;
    Site.CreationLoc = S.CreationLoc;
    Site.Creator = S.Creator;
    Site.Callable = S.Callable;
    Site.Arguments = S.Arguments;
    Site.Entries.push_back(EntryOf(R.Function));
    Site.Detach = S.Detach;
    Site.DetachLoc = S.DetachLoc;
    Spawns.push_back(std::move(Site));
  }

  // Wrappers named by the user.
  for (const NamedSpawner &Named : Spawners)
    for (const auto &[Call, Caller] : Facts.Calls)
      if (const FunctionDecl *Callee = Call->getDirectCallee();
          Callee && hasQualifiedName(Callee, Named.QualifiedName))
        AddWrapper(Callee, Named.ParamIndex, nullptr, SourceLocation());

  // Wrappers defined in other translation units, as the index knows them.
  if (View.hasIndex())
    for (const auto &[Call, Caller] : Facts.Calls) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || followable(Callee))
        continue;
      const FunctionSummary *S = View.follow(Callee).summary();
      if (S && S->WrapperParam >= 0)
        AddWrapper(Callee, S->WrapperParam, View.resolve(S->WrapperInner),
                   View.locate(*S, S->WrapperSpawnAt));
    }

  // Wrappers of wrappers, until nothing new is found; then every call of a
  // wrapper with a resolvable callable is a spawn.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Call, Caller] : Facts.Calls)
      if (auto [W, R] = WrapperCall(Call, Caller); W && R.Parameter)
        Changed |=
            AddWrapper(Caller, R.Parameter->getFunctionScopeIndex(),
                       W->InnerEntry, calleeNameLoc(Call),
                       parametersPassed(argumentsFor(*Call, *W), Caller));
  }
  for (const auto &[Call, Caller] : Facts.Calls) {
    auto [W, R] = WrapperCall(Call, Caller);
    if (!W || !R.Function)
      continue;
    SpawnSite Site;
    Site.CreationLoc = calleeNameLoc(Call);
    Site.Creator = Caller;
    Site.Callable = Call->getArg(W->ParamIndex);
    Site.Arguments = argumentsFor(*Call, *W);
    Site.Entries.push_back(EntryOf(R.Function));
    if (W->InnerEntry)
      Site.Entries.push_back(W->InnerEntry);
    Site.Detach = DetachKind::Wrapper;
    Site.DetachLoc = Site.CreationLoc;
    Site.Wrapper = W;
    Spawns.push_back(std::move(Site));
  }
}

std::vector<const SpawnSite *> ThreadModel::detachedThreads() const {
  std::vector<const SpawnSite *> Result;
  for (const SpawnSite &S : Spawns)
    if (S.isDetached())
      Result.push_back(&S);
  return Result;
}

} // namespace clang::tidy::daemon
