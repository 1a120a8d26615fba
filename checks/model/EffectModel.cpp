//===-- EffectModel.cpp - what code does, and by which chain --------------===//

#include "EffectModel.h"
#include "Callables.h"
#include "DiagnosticNames.h"
#include "Names.h"
#include "Stdio.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Sequence.h"
#include <deque>

namespace clang::tidy::daemon {

namespace {

bool needsDestruction(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !RD->hasTrivialDestructor();
}

/// Adds to \p Out, for a call at \p Loc of a callable that argument
/// \p Param of \p Callee stored (a work queue's task), a call of each
/// function other files pass there; \p Origin keys the items.
void addPassedElsewhere(ProjectView &View, llvm::StringRef Callee,
                        uint32_t Param, const void *Origin, SourceLocation Loc,
                        FunctionEffects &Out) {
  for (FuncRef Passed : View.passedTo(Callee, Param)) {
    FunctionEffects::Item Item(Origin, Loc);
    Item.Callee = Passed;
    Item.PassedElsewhere = true;
    Out.Items.push_back(Item);
  }
}

class SummaryBuilder : public RecursiveASTVisitor<SummaryBuilder> {
public:
  SummaryBuilder(const FunctionDecl *F, const ApiTables &Tables,
                 ProjectView &View, StoredCallables &Stored,
                 FunctionEffects &Out)
      : F(F), Tables(Tables), View(View), Stored(Stored), Out(Out) {}

  void build() {
    if (const Stmt *Body = F->getBody())
      TraverseStmt(const_cast<Stmt *>(Body));
    if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(F))
      addMemberDestructors(Dtor->getParent());
  }

  // The member functions of a local class run when they are called.
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  // A lambda's body runs when the lambda is called, not here.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee) {
      if (std::optional<bool> AtExit = ApiTables::completionSignal(Callee)) {
        Out.Signals.emplace_back(Call, *AtExit);
        return true;
      }
      if (std::optional<EffectKind> Kind =
              Tables.classifyCall(Call, Callee, F)) {
        addEffect(Call, Call->getExprLoc(), *Kind, Callee);
        return true;
      }
      if (std::optional<StdioWrite> Write = stdioWrite(Call, F)) {
        FunctionEffects::Item Item(Call, Call->getExprLoc());
        Item.Prints = Write->Api;
        Out.Items.push_back(Item);
        return true;
      }
      if (hasQualifiedName(Callee, "::exit") ||
          hasQualifiedName(Callee, "std::exit")) {
        FunctionEffects::Item Item(Call, Call->getExprLoc());
        Item.Exits = Callee;
        Out.Items.push_back(Item);
        return true;
      }
      if (Tables.isKnownApi(Callee))
        return true;
    }
    const FunctionDecl *Target = resolveCallee(Call, F);
    if (Target && !isInSystemHeader(Target)) {
      addCall(Call, Call->getExprLoc(), Target);
      return true;
    }
    // A callable kept in a field or a container (a work queue) may be any
    // of those stored there, also by other files.
    const StoredTargets &Targets = Stored.targetsOf(Call, F);
    for (const FunctionDecl *StoredTarget : Targets.Functions)
      addCall(Call, Call->getExprLoc(), StoredTarget);
    for (const auto &[Fn, Param] : Targets.Open)
      addPassedElsewhere(View, functionKey(Fn), Param, Call, Call->getExprLoc(),
                         Out);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    // Constructing a boost::process::child starts the child.
    if (std::optional<EffectKind> Kind = Tables.classify(
            Ctor, {CE->getArgs(), CE->getNumArgs()}, nullptr, F)) {
      addEffect(CE, CE->getBeginLoc(), *Kind, Ctor);
      return true;
    }
    addCall(CE, CE->getBeginLoc(), Ctor);
    return true;
  }

  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *BTE) {
    if (const CXXDestructorDecl *Dtor = BTE->getTemporary()->getDestructor())
      addDestruction(BTE, BTE->getBeginLoc(), Dtor->getParent(), nullptr,
                     nullptr);
    return true;
  }

  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    QualType T = Delete->getDestroyedType();
    if (!T.isNull() && needsDestruction(T))
      addDestruction(Delete, Delete->getBeginLoc(), T->getAsCXXRecordDecl(),
                     nullptr, nullptr);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (Var->getTLSKind() != VarDecl::TLS_None &&
          needsDestruction(Var->getType()))
        addThreadLocal(Var, DRE->getLocation());
      addStaticUse(DRE, DRE->getLocation(), Var);
    }
    return true;
  }

  bool VisitMemberExpr(MemberExpr *ME) {
    if (const auto *Var = dyn_cast<VarDecl>(ME->getMemberDecl()))
      addStaticUse(ME, ME->getMemberLoc(), Var);
    return true;
  }

  /// A function-local static is used where it is initialized.
  bool VisitDeclStmt(DeclStmt *DS) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->isStaticLocal())
        addStaticUse(DS, Var->getLocation(), Var);
    return true;
  }

  // Operands of sizeof, alignof and typeid are not evaluated.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    recordCleanupHandler(Var);
    if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
        Var->getType()->isReferenceType() || !needsDestruction(Var->getType()))
      return true;
    addDestruction(Var, Var->getLocation(),
                   Var->getType()->getAsCXXRecordDecl(), Var, Var);
    return true;
  }

private:
  static bool isLocal(const NamedDecl *D) {
    const auto *Var = dyn_cast_or_null<VarDecl>(D);
    return Var && Var->hasLocalStorage();
  }

  void addEffect(const void *Origin, SourceLocation Loc, EffectKind Kind,
                 const NamedDecl *Api, const NamedDecl *Destroyed = nullptr) {
    FunctionEffects::Item Item(Origin, Loc);
    Item.Performs = Effect{Kind, Loc, Api, Destroyed};
    Item.Destroyed = Destroyed;
    Item.DestroysLocal = isLocal(Destroyed);
    Out.Items.push_back(Item);
  }

  void addStaticUse(const void *Origin, SourceLocation Loc,
                    const VarDecl *Var) {
    if (!isDestroyedAtExit(Var, F->getASTContext()))
      return;
    FunctionEffects::Item Item(Origin, Loc);
    Item.UsesStatic = Var;
    const VarDecl *Def = Var->getDefinition();
    Item.StaticDeclared = (Def ? Def : Var)->getLocation();
    Out.Items.push_back(Item);
  }

  void addCall(const void *Origin, SourceLocation Loc,
               const FunctionDecl *Callee,
               const NamedDecl *Destroyed = nullptr) {
    FuncRef Def = View.follow(Callee);
    // A call of a function defined nowhere in sight is a dead end here,
    // and a call into another file for whole-program summaries.
    if (!Def && Callee && !isInSystemHeader(Callee))
      Def = Callee;
    if (Def) {
      FunctionEffects::Item Item(Origin, Loc);
      Item.Callee = Def;
      Item.Destroyed = Destroyed;
      Item.DestroysLocal = isLocal(Destroyed);
      Out.Items.push_back(Item);
    }
  }

  /// A use of a thread_local whose destructor runs at thread exit.
  void addThreadLocal(const VarDecl *Var, SourceLocation Loc) {
    const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
    FunctionEffects::ThreadLocalUse Use;
    Use.Var = Var;
    Use.Loc = Loc;
    Use.Cleanup = RD ? RD->getDestructor() : nullptr;
    Use.Direct = Tables.classifyDestructor(RD, Var);
    if (!Use.Direct)
      Use.Destructor = destructorToFollow(RD);
    Out.ThreadLocals.push_back(Use);
  }

  /// The destructor an object of type \p RD runs, to look into: a visible
  /// user-provided one, or an implicit one outside system headers.
  FuncRef destructorToFollow(const CXXRecordDecl *RD) {
    const CXXDestructorDecl *Dtor = RD ? RD->getDestructor() : nullptr;
    if (!Dtor)
      return nullptr;
    if (FuncRef Def = View.follow(Dtor))
      return Def;
    return !Dtor->isUserProvided() && !isInSystemHeader(RD) ? Dtor : nullptr;
  }

  /// Destroying an object of type \p RD: an effect of a standard stream's
  /// destructor, a deleter such as fclose, or a call of a user destructor.
  void addDestruction(const void *Origin, SourceLocation Loc,
                      const CXXRecordDecl *RD, const VarDecl *Var,
                      const NamedDecl *Destroyed) {
    if (!RD)
      return;
    const CXXDestructorDecl *Dtor = RD->getDestructor();
    if (std::optional<EffectKind> Kind = Tables.classifyDestructor(RD, Var)) {
      addEffect(Origin, Loc, *Kind,
                Dtor ? static_cast<const NamedDecl *>(Dtor) : RD, Destroyed);
      return;
    }
    if (const CXXConstructExpr *Owner = uniquePtrWithDeleter(RD, Var)) {
      // The deleter runs on the owned pointer: fclose(fopen(...)).
      const FunctionDecl *Deleter =
          resolveCallable(Owner->getArg(1), F).Function;
      if (!Deleter)
        return;
      if (std::optional<EffectKind> Kind =
              Tables.classify(Deleter, {Owner->getArg(0)}, nullptr, F))
        addEffect(Origin, Loc, *Kind, Deleter, Destroyed);
      else
        addCall(Origin, Loc, Deleter, Destroyed);
      return;
    }
    if (!Dtor)
      return;
    FunctionEffects::Item Item(Origin, Loc);
    Item.Destroyed = Destroyed;
    Item.DestroysLocal = isLocal(Destroyed);
    // An implicit destructor is summarised from the members it destroys.
    Item.Callee = destructorToFollow(RD);
    if (Item.Callee)
      Out.Items.push_back(Item);
  }

  /// pthread_cleanup_push(Routine, Arg) in glibc declares
  /// `__cancel_routine = Routine` (C) or `__pthread_cleanup_class
  /// __clframe(Routine, Arg)` (C++).
  void recordCleanupHandler(const VarDecl *Var) {
    if (!Var->getIdentifier() || !Var->getInit())
      return;
    const Expr *Routine = nullptr;
    if (Var->getName() == "__cancel_routine")
      Routine = Var->getInit();
    else if (Var->getName() == "__clframe")
      if (const auto *CE =
              dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
          CE && CE->getNumArgs() >= 1)
        Routine = CE->getArg(0);
    if (!Routine)
      return;
    if (FuncRef Handler = View.follow(resolveCallable(Routine, F).Function))
      Out.Handlers.emplace_back(
          Handler, F->getASTContext().getSourceManager().getExpansionLoc(
                       Var->getLocation()));
  }

  /// The construction of a std::unique_ptr variable given a deleter.
  const CXXConstructExpr *uniquePtrWithDeleter(const CXXRecordDecl *RD,
                                               const VarDecl *Var) {
    if (!Var || !Var->getInit() || !RD->getIdentifier() ||
        RD->getName() != "unique_ptr" || !RD->isInStdNamespace())
      return nullptr;
    const auto *Init =
        dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
    return Init && Init->getNumArgs() >= 2 ? Init : nullptr;
  }

  void addMemberDestructors(const CXXRecordDecl *RD) {
    for (const FieldDecl *Field : RD->fields())
      if (needsDestruction(Field->getType()))
        addDestruction(Field, Field->getLocation(),
                       Field->getType()->getAsCXXRecordDecl(), nullptr, Field);
    for (const CXXBaseSpecifier &Base : RD->bases())
      if (needsDestruction(Base.getType()))
        addDestruction(&Base, Base.getBeginLoc(),
                       Base.getType()->getAsCXXRecordDecl(), nullptr, nullptr);
  }

  const FunctionDecl *F;
  const ApiTables &Tables;
  ProjectView &View;
  StoredCallables &Stored;
  FunctionEffects &Out;
};

/// The functions a thread reaches, breadth first from its entry: each node
/// remembers the call that reached it, so the first find has the shortest
/// chain.
class CallTree {
public:
  explicit CallTree(FuncRef Entry) : Seen({Entry}) {
    Nodes.push_back({Entry, -1, {}});
  }
  size_t size() const { return Nodes.size(); }
  FuncRef function(size_t I) const { return Nodes[I].F; }
  /// Adds \p Step.Callee, reached from node \p From, unless already seen.
  void reach(size_t From, CallStep Step) {
    if (Seen.insert(Step.Callee).second)
      Nodes.push_back({Step.Callee, static_cast<int>(From), Step});
  }
  /// The calls from the entry to node \p I.
  std::vector<CallStep> chainTo(size_t I) const {
    std::vector<CallStep> Chain;
    for (int N = static_cast<int>(I); Nodes[N].Parent >= 0; N = Nodes[N].Parent)
      Chain.insert(Chain.begin(), Nodes[N].Step);
    return Chain;
  }

private:
  struct Node {
    FuncRef F;
    int Parent;
    CallStep Step;
  };
  std::vector<Node> Nodes;
  llvm::DenseSet<FuncRef> Seen;
};

} // namespace

EffectModel::EffectModel(ASTContext &Ctx, ApiTables Tables, ProjectView &View,
                         CallerIndex &Callers)
    : Ctx(Ctx), Tables(std::move(Tables)), View(View), Stored(Ctx, Callers) {}

EffectModel::~EffectModel() = default;

const FunctionEffects &EffectModel::effectsOf(FuncRef F) {
  std::unique_ptr<FunctionEffects> &Slot = Summaries[F];
  if (!Slot) {
    auto Built = std::make_unique<FunctionEffects>();
    if (const FunctionDecl *D = F.decl())
      buildLocal(D, *Built);
    else if (const FunctionSummary *S = F.summary())
      buildIndexed(*S, *Built);
    // Building may have grown the map: look the slot up again.
    Summaries[F] = std::move(Built);
  }
  return *Summaries[F];
}

void EffectModel::buildLocal(const FunctionDecl *F, FunctionEffects &Out) {
  // A declaration whose body is nowhere in sight does nothing we can see;
  // an implicit or defaulted destructor destroys the members.
  const auto *Dtor = dyn_cast<CXXDestructorDecl>(F);
  if (F->hasBody() || (Dtor && !Dtor->isUserProvided()))
    SummaryBuilder(F, Tables, View, Stored, Out).build();
}

void EffectModel::buildIndexed(const FunctionSummary &F, FunctionEffects &Out) {
  for (const SummaryFact &Fact : F.Facts) {
    FunctionEffects::Item Item(&Fact, View.locate(F, Fact.Offset));
    NameRef Destroyed =
        Fact.Destroyed.empty() ? NameRef() : NameRef(Fact.Destroyed);
    Item.Destroyed = Destroyed;
    Item.DestroysLocal = Fact.DestroysLocal;
    switch (Fact.Kind) {
    case SummaryFact::Effect:
      Item.Performs = Effect{static_cast<EffectKind>(Fact.EffectKind), Item.Loc,
                             NameRef(Fact.Text), Destroyed};
      break;
    case SummaryFact::Call:
      Item.Callee = View.resolve(Fact.Callee);
      if (!Item.Callee)
        continue;
      break;
    case SummaryFact::StaticUse:
      Item.UsesStatic = NameRef(Fact.Text);
      Item.StaticDeclared = View.locate(Fact.Declared);
      break;
    case SummaryFact::Output:
      Item.Prints = NameRef(Fact.Text);
      break;
    case SummaryFact::Exit:
      Item.Exits = NameRef(Fact.Text);
      break;
    case SummaryFact::Signal:
      Out.Signals.emplace_back(&Fact, Fact.AtThreadExit);
      continue;
    case SummaryFact::Wait:
    case SummaryFact::Detach:
      continue;
    }
    Out.Items.push_back(Item);
  }
  for (const SummaryStoredCall &C : F.StoredCalls)
    addPassedElsewhere(View, C.Callee, C.Param, &C, View.locate(F, C.Offset),
                       Out);
  for (const SummaryCleanup &C : F.Cleanups) {
    SourceLocation Loc = View.locate(F, C.Offset);
    if (C.Object.empty()) {
      if (FuncRef Handler = View.resolve(C.Function))
        Out.Handlers.emplace_back(Handler, Loc);
      continue;
    }
    FunctionEffects::ThreadLocalUse Use;
    Use.Var = NameRef(C.Object);
    Use.Loc = Loc;
    Use.Cleanup = NameRef(C.Cleanup);
    if (C.DirectEffect)
      Use.Direct = static_cast<EffectKind>(C.DirectEffect - 1);
    else if (!C.Function.empty())
      Use.Destructor = View.resolve(C.Function);
    Out.ThreadLocals.push_back(Use);
  }
}

template <typename T, typename OwnFn>
T EffectModel::firstOverCalls(FuncRef F, llvm::DenseMap<FuncRef, T> &Memo,
                              OwnFn Own) {
  auto [It, Inserted] = Memo.try_emplace(F, T());
  if (!Inserted)
    return It->second; // computed, or in progress on a cycle
  struct Frame {
    const FunctionEffects *S;
    FuncRef F;
    size_t Next;
    T Value;
  };
  const FunctionEffects *Root = &effectsOf(F);
  std::vector<Frame> Path = {{Root, F, 0, Own(*Root)}};
  std::optional<T> Returned;
  while (!Path.empty()) {
    Frame &Top = Path.back();
    if (Returned)
      Top.Value = *std::exchange(Returned, std::nullopt);
    FuncRef Callee;
    while (!Top.Value && !Callee && Top.Next < Top.S->Items.size()) {
      FuncRef Next = Top.S->Items[Top.Next++].Callee;
      if (!Next)
        continue;
      auto [CalleeIt, New] = Memo.try_emplace(Next, T());
      if (New)
        Callee = Next;
      else
        Top.Value = CalleeIt->second;
    }
    if (Callee) {
      const FunctionEffects *S = &effectsOf(Callee);
      Path.push_back({S, Callee, 0, Own(*S)});
      continue;
    }
    Memo[Top.F] = Top.Value;
    Returned = Top.Value;
    Path.pop_back();
  }
  return Memo[F];
}

bool EffectModel::signals(FuncRef F) {
  return firstOverCalls(F, Signalling, [](const FunctionEffects &S) {
    return !S.Signals.empty();
  });
}

const llvm::DenseSet<const void *> &EffectModel::coveredIn(FuncRef Entry) {
  static const llvm::DenseSet<const void *> Nothing;
  if (IgnoreSignals)
    return Nothing;
  std::unique_ptr<llvm::DenseSet<const void *>> &Slot = Coverages[Entry];
  if (Slot)
    return *Slot;
  auto Covered = std::make_unique<llvm::DenseSet<const void *>>();
  const FunctionEffects &S = effectsOf(Entry);
  bool AnySignal =
      !S.Signals.empty() ||
      llvm::any_of(S.Items, [&](const FunctionEffects::Item &Item) {
        return Item.Callee && signals(Item.Callee);
      });
  if (AnySignal) {
    if (const FunctionDecl *D = Entry.decl())
      coverLocal(*D, S, *Covered);
    else if (const FunctionSummary *Sum = Entry.summary())
      coverIndexed(*Sum, *Covered);
  }
  Coverages[Entry] = std::move(Covered);
  return *Coverages[Entry];
}

void EffectModel::coverIndexed(const FunctionSummary &Entry,
                               llvm::DenseSet<const void *> &Covered) {
  // A fact is covered when a later fact on every path is a signal or a call
  // of a function that signals; a signal at thread exit covers all.
  auto Signals = [&](const SummaryFact &Fact) {
    if (Fact.Kind == SummaryFact::Signal)
      return true;
    if (Fact.Kind != SummaryFact::Call)
      return false;
    FuncRef Callee = View.resolve(Fact.Callee);
    return Callee && signals(Callee);
  };
  bool AtExit = llvm::any_of(Entry.Facts, [](const SummaryFact &Fact) {
    return Fact.Kind == SummaryFact::Signal && Fact.AtThreadExit;
  });
  for (const SummaryFact &Fact : Entry.Facts)
    if (AtExit || llvm::any_of(Fact.CoveredBy, [&](uint32_t I) {
          return Signals(Entry.Facts[I]);
        }))
      Covered.insert(&Fact);
}

void EffectModel::coverLocal(const FunctionDecl &Entry,
                             const FunctionEffects &S,
                             llvm::DenseSet<const void *> &Covered) {
  std::unique_ptr<CFG> G =
      buildStatementCFG(Entry, LocalDtors | TemporaryDtors);
  if (!G)
    return;
  llvm::DenseMap<const void *, CfgPosition> Position = positionsIn(*G);

  // Signals: the entry's own, and calls of functions that signal.
  std::vector<std::pair<CfgPosition, bool>> SignalAt;
  for (const auto &[Origin, AtExit] : S.Signals)
    if (auto It = Position.find(Origin); It != Position.end())
      SignalAt.emplace_back(It->second, AtExit);
  for (const FunctionEffects::Item &Item : S.Items)
    if (Item.Callee && signals(Item.Callee))
      if (auto It = Position.find(Item.Origin); It != Position.end())
        SignalAt.emplace_back(It->second, false);

  CFGPostDomTree PostDom(G.get());
  for (const FunctionEffects::Item &Item : S.Items) {
    auto It = Position.find(Item.Origin);
    if (It == Position.end())
      continue;
    const CfgPosition &At = It->second;
    for (const auto &[Signal, AtExit] : SignalAt) {
      if (AtExit || comesAfter(PostDom, Signal, At)) {
        Covered.insert(Item.Origin);
        break;
      }
    }
  }
}

std::optional<EffectPath> EffectModel::findFromEntry(FuncRef Entry,
                                                     EffectKind K) {
  const llvm::DenseSet<const void *> &Covered = coveredIn(Entry);
  CallTree Tree(Entry);
  std::optional<EffectPath> Found;
  unsigned Count = 0;
  for (size_t I = 0; I < Tree.size(); ++I) {
    FuncRef F = Tree.function(I);
    // Destructors run at the end of the scope: the first effect of a
    // function is its first explicit one, if it has any.
    const FunctionEffects::Item *First = nullptr;
    for (const FunctionEffects::Item &Item : effectsOf(F).Items) {
      if (I == 0 && Covered.count(Item.Origin))
        continue;
      if (Item.Performs && Item.Performs->Kind == K) {
        ++Count;
        if (!First || (First->Performs->Destroyed && !Item.Performs->Destroyed))
          First = &Item;
      }
      if (Item.Callee)
        Tree.reach(I, {F, Item.Callee, Item.Loc, Item.Destroyed});
    }
    if (First && !Found)
      Found = EffectPath{Entry, Tree.chainTo(I), F, *First->Performs, 0};
  }
  if (Found)
    Found->Count = Count;
  return Found;
}

std::optional<EffectPath> EffectModel::findEffect(const SpawnSite &Site,
                                                  EffectKind K) {
  for (FuncRef Entry : Site.Entries)
    if (std::optional<EffectPath> P = findFromEntry(Entry, K))
      return P;
  return std::nullopt;
}

std::optional<EffectKind> EffectModel::effectOf(FuncRef F) {
  return firstOverCalls(F, Effects, [](const FunctionEffects &S) {
    for (const FunctionEffects::Item &Item : S.Items)
      if (Item.Performs)
        return std::optional<EffectKind>(Item.Performs->Kind);
    return std::optional<EffectKind>();
  });
}

std::optional<Reliance> EffectModel::findRelianceFrom(FuncRef Entry) {
  const llvm::DenseSet<const void *> &Covered = coveredIn(Entry);
  CallTree Tree(Entry);
  for (size_t I = 0; I < Tree.size(); ++I) {
    FuncRef F = Tree.function(I);
    auto Found = [&](Reliance::KindOf Kind, NameRef Object, NameRef Cleanup,
                     SourceLocation Loc, EffectKind Effect) {
      return Reliance{Kind,    Entry, Tree.chainTo(I), F, Object,
                      Cleanup, Loc,   Effect};
    };
    const FunctionEffects &S = effectsOf(F);
    for (const FunctionEffects::Item &Item : S.Items) {
      if (I == 0 && Covered.count(Item.Origin))
        continue;
      if (Item.DestroysLocal) {
        std::optional<EffectKind> Kind;
        NameRef Cleanup;
        if (Item.Performs) {
          Kind = Item.Performs->Kind;
          Cleanup = Item.Performs->Api;
        } else if (Item.Callee) {
          Kind = effectOf(Item.Callee);
          if (const FunctionDecl *D = Item.Callee.decl())
            Cleanup = D;
          else
            Cleanup = NameRef(Item.Callee.summary()->Name);
        }
        if (Kind)
          return Found(Reliance::LocalDestructor, Item.Destroyed, Cleanup,
                       Item.Loc, *Kind);
      }
      if (Item.Callee && !Item.Destroyed)
        Tree.reach(I, {F, Item.Callee, Item.Loc, nullptr});
    }
    for (const auto &[Handler, Loc] : S.Handlers)
      if (std::optional<EffectKind> Kind = effectOf(Handler)) {
        NameRef Name = Handler.decl() ? NameRef(Handler.decl())
                                      : NameRef(Handler.summary()->Name);
        return Found(Reliance::CleanupHandler, Name, Name, Loc, *Kind);
      }
    for (const FunctionEffects::ThreadLocalUse &Use : S.ThreadLocals) {
      std::optional<EffectKind> Kind = Use.Direct;
      if (!Kind && Use.Destructor)
        Kind = effectOf(Use.Destructor);
      if (Kind && Use.Cleanup)
        return Found(Reliance::ThreadLocal, Use.Var, Use.Cleanup, Use.Loc,
                     *Kind);
    }
  }
  return std::nullopt;
}

std::optional<Reliance> EffectModel::findReliance(const SpawnSite &Site) {
  for (FuncRef Entry : Site.Entries)
    if (std::optional<Reliance> R = findRelianceFrom(Entry))
      return R;
  return std::nullopt;
}

bool isDestroyedAtExit(const VarDecl *Var, const ASTContext &Ctx) {
  return Var->hasGlobalStorage() && Var->getTLSKind() == VarDecl::TLS_None &&
         !isInSystemHeader(Var) &&
         Var->needsDestruction(Ctx) == QualType::DK_cxx_destructor;
}

/// What an item is, as \p Wanted asks: the static it uses, the API it
/// prints through, the exit it calls.
static NameRef reached(const FunctionEffects::Item &Item,
                       EffectModel::ReachKind Wanted) {
  switch (Wanted) {
  case EffectModel::ReachKind::StaticUse:
    return Item.UsesStatic;
  case EffectModel::ReachKind::Output:
    return Item.Prints;
  case EffectModel::ReachKind::ExitCall:
    return Item.Exits;
  }
  return nullptr;
}

std::optional<Reach> EffectModel::findFrom(FuncRef Entry, SourceLocation From,
                                           ReachKind Wanted,
                                           std::vector<Reach> *All) {
  const llvm::DenseSet<const void *> &Covered = coveredIn(Entry);
  const SourceManager &SM = Ctx.getSourceManager();
  CallTree Tree(Entry);
  for (size_t I = 0; I < Tree.size(); ++I) {
    FuncRef F = Tree.function(I);
    for (const FunctionEffects::Item &Item : effectsOf(F).Items) {
      if (I == 0 &&
          (Covered.count(Item.Origin) ||
           (From.isValid() && SM.isBeforeInTranslationUnit(Item.Loc, From))))
        continue;
      if (NameRef What = reached(Item, Wanted)) {
        Reach R{Entry, Tree.chainTo(I), F, What, Item.Loc, "", {}};
        if (Wanted == ReachKind::StaticUse) {
          const auto *Var = dyn_cast_or_null<VarDecl>(What.decl());
          R.StaticName = Var ? staticName(Var) : What.str();
          R.Declared = Item.StaticDeclared;
        }
        if (!All)
          return R;
        if (llvm::none_of(*All,
                          [&](const Reach &Seen) { return Seen.Loc == R.Loc; }))
          All->push_back(std::move(R));
        continue;
      }
      if (Item.Callee)
        Tree.reach(I, {F, Item.Callee, Item.Loc, Item.Destroyed});
    }
  }
  return std::nullopt;
}

std::optional<Reach> EffectModel::findReach(const SpawnSite &Site,
                                            ReachKind Wanted,
                                            std::vector<Reach> *All) {
  for (FuncRef Entry : Site.Entries) {
    // Only a self-detach inside this entry's body moves the start.
    SourceLocation From;
    const FunctionDecl *D = Entry.decl();
    if (Site.Detach == DetachKind::DetachSelf && D && D->getBody() &&
        Ctx.getSourceManager().isPointWithin(Site.DetachLoc,
                                             D->getBody()->getBeginLoc(),
                                             D->getBody()->getEndLoc()))
      From = Site.DetachLoc;
    if (std::optional<Reach> R = findFrom(Entry, From, Wanted, All))
      return R;
  }
  return std::nullopt;
}

std::optional<Reach> EffectModel::findStaticUse(const SpawnSite &Site) {
  return findReach(Site, ReachKind::StaticUse);
}

std::optional<Reach> EffectModel::findOutput(const SpawnSite &Site) {
  return findReach(Site, ReachKind::Output);
}

std::vector<Reach> EffectModel::findExitCalls(const SpawnSite &Site) {
  std::vector<Reach> All;
  findReach(Site, ReachKind::ExitCall, &All);
  return All;
}

bool EffectModel::doesObservableWork(const SpawnSite &Site) {
  IgnoreSignals = true;
  bool Works = llvm::any_of(llvm::seq(0u, NumEffectKinds), [&](unsigned K) {
    return findEffect(Site, static_cast<EffectKind>(K)).has_value();
  });
  Works =
      Works || findOutput(Site) || findStaticUse(Site) || findReliance(Site);
  IgnoreSignals = false;
  return Works;
}

bool EffectModel::isDiscardable(FuncRef Entry) {
  if (const FunctionSummary *S = Entry.summary())
    return S->Discardable;
  const FunctionDecl *D = Entry.decl();
  if (!D)
    return false;
  for (const auto *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "daemon::discardable")
      return true;
  return false;
}

} // namespace clang::tidy::daemon
