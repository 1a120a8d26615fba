//===-- Summarize.cpp - a translation unit's summaries --------------------===//

#include "Summarize.h"
#include "ApiTables.h"
#include "Callables.h"
#include "DiagnosticNames.h"
#include "ExitPaths.h"
#include "FunctionFacts.h"
#include "Functions.h"
#include "Names.h"
#include "ParamThreadOps.h"
#include "StoredCallables.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::daemon {
namespace {

/// Turns the model's facts about each function into its summary.
class Summarizer {
public:
  Summarizer(TUAnalysis &Analysis, ASTContext &Ctx, ExceptionModel &Exceptions,
             SummarySet &Out)
      : Analysis(Analysis), Ctx(Ctx), Exceptions(Exceptions),
        SM(Ctx.getSourceManager()), Out(Out) {}

  void run() {
    for (const std::unique_ptr<SpawnerWrapper> &W : Analysis.Threads.wrappers())
      if (W->SpawnLoc.isValid() && W->Function->hasBody())
        WrapperOf[W->Function->getCanonicalDecl()] = W.get();
    for (const SpawnSite &Site : Analysis.Threads.spawns())
      if (Site.isDetached() && Site.Creator)
        DetachedBy[Site.Creator->getCanonicalDecl()].push_back(&Site);
    bool DefinesMain = false;
    for (const FunctionDecl *F : userFunctionDefinitions(Ctx)) {
      summarize(F);
      DefinesMain |= F->isMain();
    }
    recordInputs();
    Out.NeedsIndex = DefinesMain || !Analysis.Threads.spawns().empty() ||
                     !signalHandlers(Ctx).empty();
    Out.Outgoing.assign(Outgoing.begin(), Outgoing.end());
    llvm::sort(Out.Outgoing);
  }

private:
  /// The path of \p ID's file; empty for a buffer with no file.
  llvm::StringRef pathOf(FileID ID) {
    auto [It, New] = Paths.try_emplace(ID);
    if (New)
      It->second = Out.save(summaryPath(SM, ID));
    return It->second;
  }

  llvm::StringRef keyOf(FuncRef F) {
    if (const FunctionSummary *S = F.summary())
      return Out.save(S->Key);
    const FunctionDecl *D = F.decl();
    if (!D)
      return "";
    auto [It, New] = Keys.try_emplace(D->getCanonicalDecl());
    if (New)
      It->second = Out.save(functionKey(D));
    return It->second;
  }

  /// The offset of \p Loc in \p File, or \p Fallback when it is elsewhere.
  uint32_t offsetIn(FileID File, uint32_t Fallback, SourceLocation Loc) {
    if (Loc.isInvalid())
      return Fallback;
    std::pair<FileID, unsigned> At = SM.getDecomposedExpansionLoc(Loc);
    return At.first == File ? At.second : Fallback;
  }

  FilePlace placeOf(SourceLocation Loc) {
    if (Loc.isInvalid())
      return {};
    std::pair<FileID, unsigned> At = SM.getDecomposedExpansionLoc(Loc);
    return {pathOf(At.first), At.second};
  }

  void summarize(const FunctionDecl *F) {
    SourceLocation Begin = SM.getExpansionLoc(F->getBeginLoc());
    SourceLocation End = SM.getExpansionLoc(F->getEndLoc());
    std::pair<FileID, unsigned> From = SM.getDecomposedLoc(Begin);
    std::pair<FileID, unsigned> To = SM.getDecomposedLoc(End);
    if (From.first != To.first || From.second > To.second)
      return;
    bool Invalid = false;
    llvm::StringRef Text = SM.getBufferData(From.first, &Invalid);
    if (Invalid || To.second >= Text.size())
      return;
    FunctionSummary S;
    S.Key = keyOf(F);
    S.File = pathOf(From.first);
    if (S.Key.empty() || S.File.empty())
      return;
    S.Name = Out.save(nameOf(F));
    S.Begin = From.second;
    S.End = To.second + 1;
    S.Hash = contentHash(Text.slice(S.Begin, S.End));
    S.Discardable = EffectModel::isDiscardable(F);
    if (const auto *Proto = F->getType()->getAs<FunctionProtoType>())
      S.Noexcept = Proto->isNothrow();
    addEffects(F, From.first, S);
    addThreadFacts(F, From.first, S);
    addThrows(F, From.first, S);
    addWrapper(F, From.first, S);
    addParamOps(F, From.first, S);
    addStoredCallables(F, From.first, S);
    Out.add(std::move(S));
  }

  void addEffects(const FunctionDecl *F, FileID File, FunctionSummary &S) {
    const FunctionEffects &E = Analysis.Effects.effectsOf(F);
    auto Offset = [&](SourceLocation Loc) {
      return offsetIn(File, S.Begin, Loc);
    };
    for (const FunctionEffects::Item &Item : E.Items) {
      // Other files' part is their own summaries' (Passes).
      if (Item.PassedElsewhere)
        continue;
      SummaryFact Fact;
      Fact.Offset = Offset(Item.Loc);
      Fact.Destroyed = Item.Destroyed ? Out.save(Item.Destroyed.str()) : "";
      Fact.DestroysLocal = Item.DestroysLocal;
      if (Item.Performs) {
        Fact.Kind = SummaryFact::Effect;
        Fact.EffectKind = static_cast<uint8_t>(Item.Performs->Kind);
        Fact.Text = Out.save(Item.Performs->Api.str());
      } else if (Item.Callee) {
        Fact.Kind = SummaryFact::Call;
        Fact.Callee = keyOf(Item.Callee);
        addForwards(F, Item, Fact, S);
      } else if (Item.UsesStatic) {
        Fact.Kind = SummaryFact::StaticUse;
        const auto *Var = dyn_cast_or_null<VarDecl>(Item.UsesStatic.decl());
        Fact.Text = Out.save(Var ? staticName(Var) : Item.UsesStatic.str());
        Fact.Declared = placeOf(Item.StaticDeclared);
      } else if (Item.Prints) {
        Fact.Kind = SummaryFact::Output;
        Fact.Text = Out.save(Item.Prints.str());
      } else if (Item.Exits) {
        Fact.Kind = SummaryFact::Exit;
        Fact.Text = Out.save(Item.Exits.str());
      } else {
        continue;
      }
      S.Facts.push_back(std::move(Fact));
      Origins.push_back(Item.Origin);
    }
    for (const auto &[Origin, AtExit] : E.Signals) {
      SummaryFact Fact;
      Fact.Kind = SummaryFact::Signal;
      Fact.AtThreadExit = AtExit;
      if (const auto *Call = static_cast<const Stmt *>(Origin))
        Fact.Offset = Offset(Call->getBeginLoc());
      S.Facts.push_back(std::move(Fact));
      Origins.push_back(Origin);
    }
    for (const auto &[Handler, Loc] : E.Handlers) {
      SummaryCleanup C;
      C.Function = keyOf(Handler);
      C.Cleanup = Out.save(nameOf(Handler));
      C.Offset = Offset(Loc);
      S.Cleanups.push_back(C);
    }
    for (const FunctionEffects::ThreadLocalUse &Use : E.ThreadLocals) {
      SummaryCleanup C;
      C.Object = Out.save(Use.Var.str());
      C.Cleanup = Use.Cleanup ? Out.save(Use.Cleanup.str()) : "";
      C.Offset = Offset(Use.Loc);
      if (Use.Direct)
        C.DirectEffect = static_cast<uint8_t>(*Use.Direct) + 1;
      else if (Use.Destructor)
        C.Function = keyOf(Use.Destructor);
      S.Cleanups.push_back(C);
    }
    addCoverage(F, S);
  }

  /// The threads \p F detaches, its waits, the constants it returns when it
  /// detaches, and the flags it sets as its last act: what the exit
  /// analysis of a main in another file needs.
  void addThreadFacts(const FunctionDecl *F, FileID File, FunctionSummary &S) {
    llvm::DenseSet<unsigned> DetachPoints;
    for (const SpawnSite *Site : DetachedBy.lookup(F->getCanonicalDecl())) {
      SourceLocation Point = Site->Detach == DetachKind::DetachSelf
                                 ? Site->CreationLoc
                                 : Site->DetachLoc;
      DetachPoints.insert(Point.getRawEncoding());
      SummarySpawn Spawn;
      for (FuncRef Entry : Site->Entries)
        if (llvm::StringRef Key = keyOf(Entry); !Key.empty())
          Spawn.Entries.push_back(Key);
      Spawn.CreatedAt = offsetIn(File, S.Begin, Site->CreationLoc);
      Spawn.DetachedAt = offsetIn(File, S.Begin, Point);
      SummaryFact Fact;
      Fact.Kind = SummaryFact::Detach;
      Fact.Offset = Spawn.DetachedAt;
      Fact.Spawn = S.Spawns.size();
      S.Spawns.push_back(std::move(Spawn));
      S.Facts.push_back(std::move(Fact));
      Origins.push_back(nullptr);
    }
    llvm::SmallVector<const Expr *, 16> Calls;
    collectCalls(F->getBody(), Calls);
    for (const Expr *E : Calls)
      if (const FunctionDecl *Callee = calleeOf(E, F);
          Callee && ApiTables::isWait(Callee)) {
        SummaryFact Fact;
        Fact.Kind = SummaryFact::Wait;
        Fact.Offset = offsetIn(File, S.Begin, E->getExprLoc());
        Fact.Text = Out.save(apiName(Callee));
        S.Facts.push_back(std::move(Fact));
        Origins.push_back(nullptr);
      }
    if (!DetachPoints.empty()) {
      auto At = [&](SourceLocation Loc) {
        return DetachPoints.contains(Loc.getRawEncoding());
      };
      std::optional<llvm::SmallVector<int64_t, 2>> Returns =
          detachingReturns(*F, [&](const Expr *E) {
            if (At(E->getExprLoc()) || At(E->getBeginLoc()))
              return true;
            const auto *Call = dyn_cast<CallExpr>(E);
            const auto *DRE =
                Call ? dyn_cast<DeclRefExpr>(
                           Call->getCallee()->IgnoreParenImpCasts())
                     : nullptr;
            return DRE && At(DRE->getLocation());
          });
      S.DetachReturnsKnown = Returns.has_value();
      if (Returns)
        S.DetachReturns = *Returns;
    }
    for (const VarDecl *Var : lastActWrites(*F))
      S.LastWrites.push_back(Out.save(declKey(Var)));
  }

  /// What \p F's own throws let out, and the try handlers around its calls.
  void addThrows(const FunctionDecl *F, FileID File, FunctionSummary &S) {
    for (const Escape &E : Exceptions.ownEscapesOf(F)) {
      SummaryThrow T;
      T.Kind = static_cast<SummaryThrow::KindOf>(E.Origin.Kind);
      T.Offset = offsetIn(File, S.Begin, E.Origin.Loc);
      T.Type = Out.save(E.Type.Name);
      T.Api = Out.save(E.Origin.Api);
      for (const std::string &Name : catchNames(E.Type))
        T.CaughtAs.push_back(Out.save(Name));
      T.LeavesNoexcept = static_cast<bool>(E.Noexcept);
      S.Throws.push_back(std::move(T));
    }
    llvm::DenseMap<const Stmt *, int32_t> Context = tryContexts(F, S);
    for (size_t I = 0; I < S.Facts.size(); ++I)
      if (S.Facts[I].Kind == SummaryFact::Call)
        if (auto It = Context.find(static_cast<const Stmt *>(Origins[I]));
            It != Context.end())
          S.Facts[I].Handlers = It->second;
    Origins.clear();
  }

  /// The try handlers around each call and construction of \p F, innermost
  /// first, as indices into \p S.Handlers (-1, the default, for none).
  llvm::DenseMap<const Stmt *, int32_t> tryContexts(const FunctionDecl *F,
                                                    FunctionSummary &S) {
    llvm::DenseMap<const Stmt *, int32_t> Context;
    // Each work item: a statement, and the handlers around it.
    llvm::SmallVector<std::pair<const Stmt *, int32_t>, 32> Work = {
        {F->getBody(), -1}};
    bool FunctionTryBlock = isa<CXXConstructorDecl, CXXDestructorDecl>(F);
    while (!Work.empty()) {
      auto [S0, Around] = Work.pop_back_val();
      if (!S0 || isa<LambdaExpr>(S0))
        continue;
      if (isa<CallExpr, CXXConstructExpr>(S0) && Around >= 0)
        Context[S0] = Around;
      if (const auto *Try = dyn_cast<CXXTryStmt>(S0)) {
        std::vector<SummaryHandler> List;
        for (unsigned H = 0; H < Try->getNumHandlers(); ++H) {
          const CXXCatchStmt *Catch = Try->getHandler(H);
          SummaryHandler Handler;
          Handler.Type = Out.save(handlerName(Catch->getCaughtType()));
          Handler.Rethrows = (FunctionTryBlock && Try == F->getBody()) ||
                             rethrows(Catch->getHandlerBlock());
          List.push_back(Handler);
          Work.push_back({Catch->getHandlerBlock(), Around});
        }
        if (Around >= 0)
          List.insert(List.end(), S.Handlers[Around].begin(),
                      S.Handlers[Around].end());
        S.Handlers.push_back(std::move(List));
        Work.push_back(
            {Try->getTryBlock(), static_cast<int32_t>(S.Handlers.size() - 1)});
        continue;
      }
      for (const Stmt *Child : S0->children())
        Work.push_back({Child, Around});
    }
    return Context;
  }

  /// Whether a handler's body rethrows what it caught (`throw;`).
  static bool rethrows(const Stmt *Body) {
    llvm::SmallVector<const Stmt *, 16> Work = {Body};
    while (!Work.empty()) {
      const Stmt *S0 = Work.pop_back_val();
      if (!S0 || isa<LambdaExpr, CXXTryStmt>(S0))
        continue;
      if (const auto *Throw = dyn_cast<CXXThrowExpr>(S0);
          Throw && !Throw->getSubExpr())
        return true;
      Work.append(S0->child_begin(), S0->child_end());
    }
    return false;
  }

  /// Whether the call of fact \p Fact may signal completion: its callee
  /// signals here, or its body is in another file.
  bool maySignal(const FunctionEffects::Item &Item) {
    if (!Item.Callee)
      return false;
    const FunctionDecl *D = Item.Callee.decl();
    if (D && !D->hasBody())
      return true;
    return Analysis.Effects.signals(Item.Callee);
  }

  /// Which later signals and calls are on every path from each fact to the
  /// function's normal return.
  void addCoverage(const FunctionDecl *F, FunctionSummary &S) {
    const FunctionEffects &E = Analysis.Effects.effectsOf(F);
    llvm::SmallVector<uint32_t, 4> Candidates;
    size_t ItemFacts = S.Facts.size() - E.Signals.size();
    for (uint32_t I = 0; I < S.Facts.size(); ++I)
      if (S.Facts[I].Kind == SummaryFact::Signal)
        Candidates.push_back(I);
    llvm::DenseMap<const void *, const FunctionEffects::Item *> ItemOf;
    for (const FunctionEffects::Item &Item : E.Items)
      ItemOf[Item.Origin] = &Item;
    for (uint32_t I = 0; I < ItemFacts; ++I)
      if (S.Facts[I].Kind == SummaryFact::Call)
        if (const FunctionEffects::Item *Item = ItemOf.lookup(Origins[I]);
            Item && maySignal(*Item))
          Candidates.push_back(I);
    if (Candidates.empty())
      return;
    std::unique_ptr<CFG> G = buildStatementCFG(*F, LocalDtors | TemporaryDtors);
    if (!G)
      return;
    llvm::DenseMap<const void *, CfgPosition> Position = positionsIn(*G);
    CFGPostDomTree PostDom(G.get());
    for (uint32_t I = 0; I < S.Facts.size(); ++I) {
      auto At = Position.find(Origins[I]);
      if (At == Position.end())
        continue;
      for (uint32_t C : Candidates) {
        auto Later = Position.find(Origins[C]);
        if (C != I && Later != Position.end() &&
            comesAfter(PostDom, Later->second, At->second))
          S.Facts[I].CoveredBy.push_back(C);
      }
    }
  }

  /// The parameters \p F joins or detaches.
  void addParamOps(const FunctionDecl *F, FileID File, FunctionSummary &S) {
    for (const ParamThreadOp &Op : paramThreadOps(*F))
      S.ParamOps.push_back({Op.ParamIndex, Op.Op == ThreadOp::Detach,
                            Op.OnEveryPath, Op.Guarded,
                            offsetIn(File, S.Begin, Op.Loc)});
  }

  /// A call that passes one of \p F's parameters, or a callable, to a
  /// function defined in another file, which may be a spawner wrapper.
  void addForwards(const FunctionDecl *F, const FunctionEffects::Item &Item,
                   const SummaryFact &Fact, FunctionSummary &S) {
    const FunctionDecl *Callee = Item.Callee.decl();
    const auto *Call = static_cast<const Stmt *>(Item.Origin);
    if (!Callee || Callee->hasBody() || !isa_and_nonnull<CallExpr>(Call))
      return;
    const auto *CE = cast<CallExpr>(Call);
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      // A thread handed to a function that may join or detach it.
      QualType T = CE->getArg(I)->IgnoreParenImpCasts()->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      if (isThreadObjectType(T) || isThreadHandleType(T))
        Outgoing.insert(Fact.Callee);
      ResolvedCallable R = resolveCallable(CE->getArg(I), F);
      const ParmVarDecl *Param =
          R.Parameter ? R.Parameter : R.ForwardedParameter;
      if (Param && Param->getDeclContext() == F)
        S.Forwards.push_back(
            {Fact.Callee, I, Param->getFunctionScopeIndex(), Fact.Offset});
      else if (R.Function)
        Outgoing.insert(Fact.Callee);
    }
  }

  /// The functions \p F passes as arguments, and its calls of stored
  /// callables that other files' arguments may fill: how work queues meet
  /// across files.
  void addStoredCallables(const FunctionDecl *F, FileID File,
                          FunctionSummary &S) {
    const FunctionFacts *Facts = factsOf(Ctx).find(*F);
    if (!Facts)
      return;
    StoredCallables &Stored = Analysis.Effects.storedCallables();
    for (const CallExpr *Call : Facts->Calls) {
      for (const auto &[Fn, Param] : Stored.targetsOf(Call, F).Open)
        S.StoredCalls.push_back(
            {offsetIn(File, S.Begin, Call->getExprLoc()), keyOf(Fn), Param});
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || isa<CXXOperatorCallExpr>(Call) || isInSystemHeader(Callee))
        continue;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
        QualType T = Call->getArg(I)->getType();
        const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
        if (!isStoredCallableType(T) && !(RD && RD->isLambda()))
          continue;
        const FunctionDecl *Passed =
            resolveCallable(Call->getArg(I), F).Function;
        if (Passed && !isInSystemHeader(Passed))
          S.Passes.push_back({keyOf(Callee), I, keyOf(Passed)});
      }
    }
  }

  void addWrapper(const FunctionDecl *F, FileID File, FunctionSummary &S) {
    const SpawnerWrapper *W = WrapperOf.lookup(F->getCanonicalDecl());
    if (!W)
      return;
    S.WrapperParam = static_cast<int32_t>(W->ParamIndex);
    S.WrapperInner = W->InnerEntry ? keyOf(W->InnerEntry) : "";
    S.WrapperSpawnAt = offsetIn(File, S.Begin, W->SpawnLoc);
  }

  /// The files the translation unit read, for the summary cache, and the
  /// directory that relative names are relative to.
  void recordInputs() {
    if (llvm::ErrorOr<std::string> Dir = SM.getFileManager()
                                             .getVirtualFileSystem()
                                             .getCurrentWorkingDirectory())
      Out.Directory = *Dir;
    if (OptionalFileEntryRef Main =
            SM.getFileEntryRefForID(SM.getMainFileID())) {
      llvm::StringRef Real = Main->getFileEntry().tryGetRealPathName();
      Out.MainFile = (Real.empty() ? Main->getName() : Real).str();
    }
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::optional<llvm::MemoryBufferRef> Buffer =
          It->second->getBufferIfLoaded();
      if (!Buffer)
        continue;
      llvm::StringRef Real = It->first.getFileEntry().tryGetRealPathName();
      Out.Inputs.push_back({Out.save(Real.empty() ? It->first.getName() : Real),
                            contentHash(Buffer->getBuffer())});
    }
  }

  TUAnalysis &Analysis;
  ASTContext &Ctx;
  ExceptionModel &Exceptions;
  const SourceManager &SM;
  SummarySet &Out;
  llvm::DenseMap<FileID, llvm::StringRef> Paths;
  llvm::DenseMap<const FunctionDecl *, llvm::StringRef> Keys;
  llvm::DenseMap<const FunctionDecl *, const SpawnerWrapper *> WrapperOf;
  llvm::DenseMap<const FunctionDecl *, std::vector<const SpawnSite *>>
      DetachedBy;
  /// The origin of each fact of the function being summarised.
  std::vector<const void *> Origins;
  llvm::DenseSet<llvm::StringRef> Outgoing;
};

} // namespace

std::unique_ptr<SummarySet>
summarizeTranslationUnit(TUAnalysis &Analysis, ASTContext &Ctx,
                         ExceptionModel &Exceptions) {
  auto Out = std::make_unique<SummarySet>();
  Summarizer(Analysis, Ctx, Exceptions, *Out).run();
  return Out;
}

} // namespace clang::tidy::daemon
