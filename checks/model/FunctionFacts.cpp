//===-- FunctionFacts.cpp - one scan of a TU for what the checks ask ------===//

#include "FunctionFacts.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include <memory>
#include <mutex>

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

/// Whether \p E starts a thread: directly, or as an element of an array's
/// initialiser.
bool initStartsThread(const Expr *E) {
  if (const auto *List =
          E ? dyn_cast<InitListExpr>(E->IgnoreImplicit()) : nullptr)
    return llvm::any_of(List->inits(), startsThread);
  return startsThread(E);
}

/// Whether \p T is std::thread or a built-in array of them.
bool isStaticThreadType(QualType T) {
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
    return isTerminatingThreadType(Array->getElementType());
  return isTerminatingThreadType(T);
}

/// The walk behind TUFacts: records each fact where it is met, attributing
/// statements to the innermost function definition whose body holds them.
class FactScan : public UserCodeVisitor<FactScan> {
public:
  explicit FactScan(TUFacts &Out) : Out(Out) {}

  bool TraverseDecl(Decl *D) {
    const auto *F = dyn_cast_or_null<FunctionDecl>(D);
    if (!F)
      return UserCodeVisitor::TraverseDecl(D);
    Frames.push_back({F, -1, F->getBody(), false, false});
    bool Result = UserCodeVisitor::TraverseDecl(D);
    // Clang generates the body of a defaulted function, and the traversal
    // does not enter it; it is the function's body all the same.
    Frame &Top = Frames.back();
    if (Result && Top.Facts >= 0 && !Top.InBody && Top.Body) {
      GeneratedBody = true;
      Result = TraverseStmt(const_cast<Stmt *>(Top.Body));
      GeneratedBody = false;
    }
    Frames.pop_back();
    return Result;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    const CXXMethodDecl *Op = L->getCallOperator();
    int Index = -1;
    if (Op && Op->hasBody() && !Op->isDependentContext()) {
      Index = add(Op);
      if (FunctionFacts *Enclosing = current())
        Enclosing->Lambdas.push_back(Op);
    }
    Frames.push_back({Op, Index, L->getBody(), false, true});
    bool Result = UserCodeVisitor::TraverseLambdaExpr(L);
    Frames.pop_back();
    return Result;
  }

  bool dataTraverseStmtPre(Stmt *S) {
    if (!Frames.empty() && S == Frames.back().Body)
      Frames.back().InBody = true;
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (F->doesThisDeclarationHaveABody() && !F->isDependentContext() &&
        !Frames.empty() && Frames.back().Owner == F)
      Frames.back().Facts = add(F);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (FunctionFacts *Facts = current())
      Facts->Calls.push_back(Call);
    return true;
  }

  bool VisitExpr(Expr *E) {
    noteType(E->getType());
    return true;
  }

  // `Action.sa_handler = onTerm;` (glibc spells it through a macro).
  bool VisitBinaryOperator(BinaryOperator *Assign) {
    FunctionFacts *Facts = current();
    if (!Facts || Assign->getOpcode() != BO_Assign)
      return true;
    const auto *Member =
        dyn_cast<MemberExpr>(Assign->getLHS()->IgnoreParenImpCasts());
    const IdentifierInfo *II =
        Member ? Member->getMemberDecl()->getIdentifier() : nullptr;
    if (II && (II->isStr("sa_handler") || II->isStr("sa_sigaction")))
      Facts->HandlerAssignments.push_back(Assign);
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    noteType(Var->getType());
    if (GeneratedBody || Var->getStorageDuration() != SD_Static ||
        !isStaticThreadType(Var->getType()) ||
        !Var->isThisDeclarationADefinition() ||
        Var->getDeclContext()->isDependentContext())
      return true;
    StaticThreadUse &Use = Out.StaticThreads[Var->getCanonicalDecl()];
    if (initStartsThread(Var->getInit()))
      Use.Started = Var->getLocation();
    return true;
  }

  /// Marks the current function as mentioning threads when \p T owns some.
  void noteType(QualType T) {
    if (FunctionFacts *Facts = current();
        Facts && !Facts->MentionsThread && destroysThreads(T))
      Facts->MentionsThread = true;
  }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *For) {
    // `for (std::thread &T : Threads)`: T stands for each element.
    if (const VarDecl *Array = staticThread(For->getRangeInit());
        Array && For->getLoopVariable() &&
        For->getLoopVariable()->getType()->isReferenceType()) {
      LoopElements[For->getLoopVariable()] = Array;
      ++Out.StaticThreads[Array].Understood;
    }
    return UserCodeVisitor::TraverseCXXForRangeStmt(For);
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const VarDecl *Var = staticThread(Ref))
      ++Out.StaticThreads[Var].References;
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const VarDecl *Var = staticThread(Call->getImplicitObjectArgument());
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Var || !Method || !Method->getIdentifier())
      return true;
    StringRef Name = Method->getName();
    StaticThreadUse &Use = Out.StaticThreads[Var];
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
    StaticThreadUse &Use = Out.StaticThreads[Var];
    ++Use.Understood;
    if (startsThread(Op->getArg(1)) && Use.Started.isInvalid())
      Use.Started = Op->getArg(1)->getBeginLoc();
    return true;
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition() && !RD->isDependentContext() &&
        !RD->isLambda())
      Out.Classes.push_back(RD);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *ME) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (GeneratedBody || !Field || !destroysThreads(Field->getType()))
      return true;
    const auto *Method =
        Frames.empty() ? nullptr
                       : dyn_cast_or_null<CXXMethodDecl>(Frames.back().Owner);
    if (!Method || Method->getParent() != Field->getParent())
      Out.ThreadMembersUsedOutside.insert(Field);
    return true;
  }

private:
  /// A function whose declaration is being walked.
  struct Frame {
    const FunctionDecl *Owner;
    /// Its index in TUFacts::Functions; -1 when it is not one of them.
    int Facts;
    const Stmt *Body;
    /// Whether the walk is inside the body.
    bool InBody;
    /// Whether it is a lambda's call operator, whose captures belong to
    /// the enclosing function.
    bool Lambda;
  };

  int add(const FunctionDecl *F) {
    auto [It, New] = Out.IndexOf.try_emplace(F, Out.Functions.size());
    if (New) {
      Out.Functions.push_back(F);
      Out.PerFunction.emplace_back();
    }
    return It->second;
  }

  /// The facts the statement being visited belongs to; null outside the
  /// body of a function definition.
  FunctionFacts *current() {
    auto Top = Frames.rbegin();
    while (Top != Frames.rend() && Top->Lambda && !Top->InBody)
      ++Top;
    if (Top == Frames.rend() || !Top->InBody || Top->Facts < 0)
      return nullptr;
    return &Out.PerFunction[Top->Facts];
  }

  /// The static thread, or array of them, that \p E names: the variable,
  /// an element `Threads[I]`, or a range-for variable over its elements.
  const VarDecl *staticThread(const Expr *E) const {
    if (!E || GeneratedBody)
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

  TUFacts &Out;
  std::vector<Frame> Frames;
  /// Whether the walk is in a body Clang generated, which only the facts
  /// of its function take in.
  bool GeneratedBody = false;
  llvm::DenseMap<const VarDecl *, const VarDecl *> LoopElements;
};

/// The facts of the live ASTContexts; daemon-clangd builds ASTs on several
/// threads. An entry is dropped when its ASTContext is destroyed, before
/// the address can be reused. Never destroyed, so that an ASTContext that
/// outlives static destruction still finds them.
struct FactsCache {
  std::mutex Mutex;
  llvm::DenseMap<const ASTContext *, std::unique_ptr<TUFacts>> Facts;
};

FactsCache &factsCache() {
  static FactsCache *Cache = new FactsCache();
  return *Cache;
}

void forgetFacts(void *Ctx) {
  FactsCache &Cache = factsCache();
  std::lock_guard<std::mutex> Lock(Cache.Mutex);
  Cache.Facts.erase(static_cast<const ASTContext *>(Ctx));
}

} // namespace

const FunctionFacts *TUFacts::find(const FunctionDecl &Fn) const {
  auto It = IndexOf.find(&Fn);
  return It == IndexOf.end() ? nullptr : &PerFunction[It->second];
}

bool TUFacts::anyCall(const FunctionDecl &Fn,
                      llvm::function_ref<bool(const CallExpr *)> Pred) const {
  const FunctionFacts *Facts = find(Fn);
  if (!Facts)
    return true;
  return llvm::any_of(Facts->Calls, Pred) ||
         llvm::any_of(Facts->Lambdas, [&](const FunctionDecl *Lambda) {
           return anyCall(*Lambda, Pred);
         });
}

bool TUFacts::mentionsThread(const FunctionDecl &Fn) const {
  const FunctionFacts *Facts = find(Fn);
  if (!Facts)
    return true;
  return Facts->MentionsThread ||
         llvm::any_of(Facts->Lambdas, [&](const FunctionDecl *Lambda) {
           return mentionsThread(*Lambda);
         });
}

const TUFacts &factsOf(ASTContext &Ctx) {
  FactsCache &Cache = factsCache();
  {
    std::lock_guard<std::mutex> Lock(Cache.Mutex);
    auto It = Cache.Facts.find(&Ctx);
    if (It != Cache.Facts.end())
      return *It->second;
  }
  auto Facts = std::make_unique<TUFacts>();
  FactScan(*Facts).TraverseDecl(Ctx.getTranslationUnitDecl());
  std::lock_guard<std::mutex> Lock(Cache.Mutex);
  auto [It, Inserted] = Cache.Facts.try_emplace(&Ctx);
  if (Inserted) {
    It->second = std::move(Facts);
    Ctx.AddDeallocation(forgetFacts, &Ctx);
  }
  return *It->second;
}

llvm::ArrayRef<const FunctionDecl *> userFunctionDefinitions(ASTContext &Ctx) {
  return factsOf(Ctx).Functions;
}

} // namespace clang::tidy::daemon
