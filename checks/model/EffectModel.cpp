//===-- EffectModel.cpp - what code does, and by which chain --------------===//

#include "EffectModel.h"
#include "Callables.h"
#include "Names.h"
#include "Stdio.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include <deque>

namespace clang::tidy::daemon {

/// What one function does directly: its effects and its calls (explicit and
/// implicit), in source order, each keyed by the AST node its CFG shows.
struct EffectModel::Summary {
  struct Item {
    Item(const void *Origin, SourceLocation Loc) : Origin(Origin), Loc(Loc) {}
    /// The Stmt (call, construction, temporary) or the VarDecl whose
    /// destructor runs.
    const void *Origin;
    SourceLocation Loc;
    std::optional<Effect> Performs;
    const FunctionDecl *Callee = nullptr;
    const NamedDecl *Destroyed = nullptr;
    /// An object with static storage destroyed at exit that the item uses.
    const VarDecl *UsesStatic = nullptr;
    /// Output to stdout or stderr, through this API.
    const NamedDecl *Prints = nullptr;
    /// A call of exit() that ends the whole process from this thread.
    const FunctionDecl *Exits = nullptr;
  };
  std::vector<Item> Items;
  /// Completion signals: origin, and whether it fires at thread exit.
  std::vector<std::pair<const void *, bool>> Signals;
  /// pthread_cleanup_push handlers: the handler and where it was pushed.
  std::vector<std::pair<const FunctionDecl *, SourceLocation>> Handlers;
  /// thread_local variables the function uses, and where.
  std::vector<std::pair<const VarDecl *, SourceLocation>> ThreadLocals;
};

/// The items of an entry that a completion signal covers.
struct EffectModel::Coverage {
  llvm::DenseSet<const void *> Covered;
};

namespace {

bool needsDestruction(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !RD->hasTrivialDestructor();
}

class SummaryBuilder : public RecursiveASTVisitor<SummaryBuilder> {
public:
  SummaryBuilder(const FunctionDecl *F, const ApiTables &Tables,
                 EffectModel::Summary &Out)
      : F(F), Tables(Tables), Out(Out) {}

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
        EffectModel::Summary::Item Item(Call, Call->getExprLoc());
        Item.Prints = Write->Api;
        Out.Items.push_back(Item);
        return true;
      }
      if (hasQualifiedName(Callee, "::exit") ||
          hasQualifiedName(Callee, "std::exit")) {
        EffectModel::Summary::Item Item(Call, Call->getExprLoc());
        Item.Exits = Callee;
        Out.Items.push_back(Item);
        return true;
      }
      if (Tables.isKnownApi(Callee))
        return true;
    }
    addCall(Call, Call->getExprLoc(), resolveCallee(Call, F));
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
        Out.ThreadLocals.emplace_back(Var, DRE->getLocation());
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
  void addEffect(const void *Origin, SourceLocation Loc, EffectKind Kind,
                 const NamedDecl *Api, const NamedDecl *Destroyed = nullptr) {
    EffectModel::Summary::Item Item(Origin, Loc);
    Item.Performs = Effect{Kind, Loc, Api, Destroyed};
    Item.Destroyed = Destroyed;
    Out.Items.push_back(Item);
  }

  void addStaticUse(const void *Origin, SourceLocation Loc,
                    const VarDecl *Var) {
    if (!isDestroyedAtExit(Var, F->getASTContext()))
      return;
    EffectModel::Summary::Item Item(Origin, Loc);
    Item.UsesStatic = Var;
    Out.Items.push_back(Item);
  }

  void addCall(const void *Origin, SourceLocation Loc,
               const FunctionDecl *Callee,
               const NamedDecl *Destroyed = nullptr) {
    if (const FunctionDecl *Def = followable(Callee)) {
      EffectModel::Summary::Item Item(Origin, Loc);
      Item.Callee = Def;
      Item.Destroyed = Destroyed;
      Out.Items.push_back(Item);
    }
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
    EffectModel::Summary::Item Item(Origin, Loc);
    Item.Destroyed = Destroyed;
    if (const FunctionDecl *Def = followable(Dtor))
      Item.Callee = Def;
    else if (!Dtor->isUserProvided() && !isInSystemHeader(RD))
      Item.Callee = Dtor; // summarised from the members it destroys
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
    if (const FunctionDecl *Handler = resolveCallable(Routine, F).Function)
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
  EffectModel::Summary &Out;
};

/// Where each node of a function sits in its CFG.
struct CfgPosition {
  const CFGBlock *Block;
  unsigned Index;
};

/// The functions a thread reaches, breadth first from its entry: each node
/// remembers the call that reached it, so the first find has the shortest
/// chain.
class CallTree {
public:
  explicit CallTree(const FunctionDecl *Entry) : Seen({Entry}) {
    Nodes.push_back({Entry, -1, {}});
  }
  size_t size() const { return Nodes.size(); }
  const FunctionDecl *function(size_t I) const { return Nodes[I].F; }
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
    const FunctionDecl *F;
    int Parent;
    CallStep Step;
  };
  std::vector<Node> Nodes;
  llvm::DenseSet<const FunctionDecl *> Seen;
};

} // namespace

EffectModel::EffectModel(ASTContext &Ctx, ApiTables Tables)
    : Ctx(Ctx), Tables(std::move(Tables)) {}

EffectModel::~EffectModel() = default;

const EffectModel::Summary &EffectModel::summaryOf(const FunctionDecl *F) {
  std::unique_ptr<Summary> &Slot = Summaries[F];
  if (!Slot) {
    Slot = std::make_unique<Summary>();
    SummaryBuilder(F, Tables, *Slot).build();
  }
  return *Slot;
}

template <typename T, typename OwnFn>
T EffectModel::firstOverCalls(const FunctionDecl *F,
                              llvm::DenseMap<const FunctionDecl *, T> &Memo,
                              OwnFn Own) {
  auto [It, Inserted] = Memo.try_emplace(F, T());
  if (!Inserted)
    return It->second; // computed, or in progress on a cycle
  struct Frame {
    const Summary *S;
    const FunctionDecl *F;
    size_t Next;
    T Value;
  };
  const Summary *Root = &summaryOf(F);
  std::vector<Frame> Path = {{Root, F, 0, Own(*Root)}};
  std::optional<T> Returned;
  while (!Path.empty()) {
    Frame &Top = Path.back();
    if (Returned)
      Top.Value = *std::exchange(Returned, std::nullopt);
    const FunctionDecl *Callee = nullptr;
    while (!Top.Value && !Callee && Top.Next < Top.S->Items.size()) {
      const FunctionDecl *Next = Top.S->Items[Top.Next++].Callee;
      if (!Next)
        continue;
      auto [CalleeIt, New] = Memo.try_emplace(Next, T());
      if (New)
        Callee = Next;
      else
        Top.Value = CalleeIt->second;
    }
    if (Callee) {
      const Summary *S = &summaryOf(Callee);
      Path.push_back({S, Callee, 0, Own(*S)});
      continue;
    }
    Memo[Top.F] = Top.Value;
    Returned = Top.Value;
    Path.pop_back();
  }
  return Memo[F];
}

bool EffectModel::signals(const FunctionDecl *F) {
  return firstOverCalls(F, Signalling,
                        [](const Summary &S) { return !S.Signals.empty(); });
}

const EffectModel::Coverage &
EffectModel::coverageOf(const FunctionDecl *Entry) {
  std::unique_ptr<Coverage> &Slot = Coverages[Entry];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<Coverage>();
  const Summary &S = summaryOf(Entry);
  bool AnySignal = !S.Signals.empty() ||
                   llvm::any_of(S.Items, [&](const Summary::Item &Item) {
                     return Item.Callee && signals(Item.Callee);
                   });
  if (!AnySignal || !Entry->getBody())
    return *Slot;

  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  std::unique_ptr<CFG> G =
      CFG::buildCFG(Entry, Entry->getBody(), &Ctx, Options);
  if (!G)
    return *Slot;
  llvm::DenseMap<const void *, CfgPosition> Position;
  for (const CFGBlock *B : *G) {
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      const void *Node = nullptr;
      if (std::optional<CFGStmt> Stmt = E.getAs<CFGStmt>())
        Node = Stmt->getStmt();
      else if (std::optional<CFGAutomaticObjDtor> Dtor =
                   E.getAs<CFGAutomaticObjDtor>())
        Node = Dtor->getVarDecl();
      else if (std::optional<CFGTemporaryDtor> Temp =
                   E.getAs<CFGTemporaryDtor>())
        Node = Temp->getBindTemporaryExpr();
      if (Node)
        Position.try_emplace(Node, CfgPosition{B, Index});
      ++Index;
    }
  }

  // Signals: the entry's own, and calls of functions that signal.
  std::vector<std::pair<CfgPosition, bool>> SignalAt;
  for (const auto &[Origin, AtExit] : S.Signals)
    if (auto It = Position.find(Origin); It != Position.end())
      SignalAt.emplace_back(It->second, AtExit);
  for (const Summary::Item &Item : S.Items)
    if (Item.Callee && signals(Item.Callee))
      if (auto It = Position.find(Item.Origin); It != Position.end())
        SignalAt.emplace_back(It->second, false);

  CFGPostDomTree PostDom(G.get());
  for (const Summary::Item &Item : S.Items) {
    auto It = Position.find(Item.Origin);
    if (It == Position.end())
      continue;
    const CfgPosition &At = It->second;
    for (const auto &[Signal, AtExit] : SignalAt) {
      bool After = Signal.Block == At.Block
                       ? Signal.Index > At.Index
                       : PostDom.dominates(Signal.Block, At.Block);
      if (AtExit || After) {
        Slot->Covered.insert(Item.Origin);
        break;
      }
    }
  }
  return *Slot;
}

std::optional<EffectPath> EffectModel::findFromEntry(const FunctionDecl *Entry,
                                                     EffectKind K) {
  const Coverage &Covered = coverageOf(Entry);
  CallTree Tree(Entry);
  std::optional<EffectPath> Found;
  unsigned Count = 0;
  for (size_t I = 0; I < Tree.size(); ++I) {
    const FunctionDecl *F = Tree.function(I);
    // Destructors run at the end of the scope: the first effect of a
    // function is its first explicit one, if it has any.
    const Summary::Item *First = nullptr;
    for (const Summary::Item &Item : summaryOf(F).Items) {
      if (I == 0 && Covered.Covered.count(Item.Origin))
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
  for (const FunctionDecl *Entry : Site.Entries)
    if (std::optional<EffectPath> P = findFromEntry(Entry, K))
      return P;
  return std::nullopt;
}

std::optional<EffectKind> EffectModel::effectOf(const FunctionDecl *F) {
  return firstOverCalls(F, Effects, [](const Summary &S) {
    for (const Summary::Item &Item : S.Items)
      if (Item.Performs)
        return std::optional<EffectKind>(Item.Performs->Kind);
    return std::optional<EffectKind>();
  });
}

/// The destructor an object of type \p RD runs, to look into: a visible
/// user-provided one, or an implicit one outside system headers.
static const FunctionDecl *destructorToFollow(const CXXRecordDecl *RD) {
  const CXXDestructorDecl *Dtor = RD ? RD->getDestructor() : nullptr;
  if (!Dtor)
    return nullptr;
  if (const FunctionDecl *Def = followable(Dtor))
    return Def;
  return !Dtor->isUserProvided() && !isInSystemHeader(RD) ? Dtor : nullptr;
}

std::optional<Reliance>
EffectModel::findRelianceFrom(const FunctionDecl *Entry) {
  const Coverage &Covered = coverageOf(Entry);
  CallTree Tree(Entry);
  for (size_t I = 0; I < Tree.size(); ++I) {
    const FunctionDecl *F = Tree.function(I);
    auto Found = [&](Reliance::KindOf Kind, const NamedDecl *Object,
                     const NamedDecl *Cleanup, SourceLocation Loc,
                     EffectKind Effect) {
      return Reliance{Kind,    Entry, Tree.chainTo(I), F, Object,
                      Cleanup, Loc,   Effect};
    };
    const Summary &S = summaryOf(F);
    for (const Summary::Item &Item : S.Items) {
      if (I == 0 && Covered.Covered.count(Item.Origin))
        continue;
      const auto *Local = dyn_cast_or_null<VarDecl>(Item.Destroyed);
      if (Local && Local->hasLocalStorage()) {
        std::optional<EffectKind> Kind;
        const NamedDecl *Cleanup = nullptr;
        if (Item.Performs) {
          Kind = Item.Performs->Kind;
          Cleanup = Item.Performs->Api;
        } else if (Item.Callee) {
          Kind = effectOf(Item.Callee);
          Cleanup = Item.Callee;
        }
        if (Kind)
          return Found(Reliance::LocalDestructor, Local, Cleanup, Item.Loc,
                       *Kind);
      }
      if (Item.Callee && !Item.Destroyed)
        Tree.reach(I, {F, Item.Callee, Item.Loc, nullptr});
    }
    for (const auto &[Handler, Loc] : S.Handlers)
      if (std::optional<EffectKind> Kind = effectOf(Handler))
        return Found(Reliance::CleanupHandler, Handler, Handler, Loc, *Kind);
    for (const auto &[Var, Loc] : S.ThreadLocals) {
      const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
      std::optional<EffectKind> Kind = Tables.classifyDestructor(RD, Var);
      const NamedDecl *Cleanup = RD ? RD->getDestructor() : nullptr;
      if (!Kind)
        if (const FunctionDecl *Dtor = destructorToFollow(RD))
          Kind = effectOf(Dtor);
      if (Kind && Cleanup)
        return Found(Reliance::ThreadLocal, Var, Cleanup, Loc, *Kind);
    }
  }
  return std::nullopt;
}

std::optional<Reliance> EffectModel::findReliance(const SpawnSite &Site) {
  for (const FunctionDecl *Entry : Site.Entries)
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
static const NamedDecl *reached(const EffectModel::Summary::Item &Item,
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

std::optional<Reach> EffectModel::findFrom(const FunctionDecl *Entry,
                                           SourceLocation From,
                                           ReachKind Wanted) {
  const Coverage &Covered = coverageOf(Entry);
  const SourceManager &SM = Ctx.getSourceManager();
  CallTree Tree(Entry);
  for (size_t I = 0; I < Tree.size(); ++I) {
    const FunctionDecl *F = Tree.function(I);
    for (const Summary::Item &Item : summaryOf(F).Items) {
      if (I == 0 &&
          (Covered.Covered.count(Item.Origin) ||
           (From.isValid() && SM.isBeforeInTranslationUnit(Item.Loc, From))))
        continue;
      if (const NamedDecl *What = reached(Item, Wanted))
        return Reach{Entry, Tree.chainTo(I), F, What, Item.Loc};
      if (Item.Callee)
        Tree.reach(I, {F, Item.Callee, Item.Loc, Item.Destroyed});
    }
  }
  return std::nullopt;
}

std::optional<Reach> EffectModel::findReach(const SpawnSite &Site,
                                            ReachKind Wanted) {
  for (const FunctionDecl *Entry : Site.Entries) {
    // Only a self-detach inside this entry's body moves the start.
    SourceLocation From;
    if (Site.Detach == DetachKind::DetachSelf && Entry->getBody() &&
        Ctx.getSourceManager().isPointWithin(Site.DetachLoc,
                                             Entry->getBody()->getBeginLoc(),
                                             Entry->getBody()->getEndLoc()))
      From = Site.DetachLoc;
    if (std::optional<Reach> R = findFrom(Entry, From, Wanted))
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

std::optional<Reach> EffectModel::findExitCall(const SpawnSite &Site) {
  return findReach(Site, ReachKind::ExitCall);
}

bool EffectModel::doesObservableWork(const SpawnSite &Site) {
  for (unsigned K = 0; K < NumEffectKinds; ++K)
    if (findEffect(Site, static_cast<EffectKind>(K)))
      return true;
  return findOutput(Site) || findStaticUse(Site) || findReliance(Site);
}

bool EffectModel::isDiscardable(const FunctionDecl *Entry) {
  for (const auto *A : Entry->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "daemon::discardable")
      return true;
  return false;
}

} // namespace clang::tidy::daemon
