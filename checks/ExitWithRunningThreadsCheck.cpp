//===-- ExitWithRunningThreadsCheck.cpp - exit-with-running-threads -------===//

#include "ExitWithRunningThreadsCheck.h"
#include "model/DiagnosticNames.h"
#include "model/ExitPaths.h"
#include "model/Names.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::daemon {

namespace {

/// The statement of \p Block, a direct child, whose range holds \p Loc.
const Stmt *childHolding(const CompoundStmt &Block, SourceLocation Loc,
                         const SourceManager &SM) {
  for (const Stmt *Child : Block.body())
    if (SM.isPointWithin(Loc, Child->getBeginLoc(), Child->getEndLoc()))
      return Child;
  return nullptr;
}

/// Whether \p Before runs unconditionally in some block of \p Body, and
/// \p After later in the same block: an expression or declaration
/// statement holding \p Before, then a statement holding \p After.
bool runsBefore(const Stmt *Body, SourceLocation Before, SourceLocation After,
                const SourceManager &SM) {
  llvm::SmallVector<const Stmt *, 16> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr, BlockExpr>(S))
      continue;
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      const Stmt *First = childHolding(*Block, Before, SM);
      const Stmt *Second = childHolding(*Block, After, SM);
      if (First && Second)
        return First != Second && isa<Expr, DeclStmt>(First) &&
               SM.isBeforeInTranslationUnit(First->getBeginLoc(),
                                            Second->getBeginLoc());
    }
    Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

} // namespace

void ExitWithRunningThreadsCheck::checkTranslationUnit(TUAnalysis &Analysis,
                                                       ASTContext &Ctx) {
  Reported.clear();
  std::vector<const SpawnSite *> Detached;
  for (const SpawnSite *Site : Analysis.Threads.detachedThreads())
    if (!llvm::any_of(Site->Entries, EffectModel::isDiscardable))
      Detached.push_back(Site);
  for (const SpawnSite *Site : Detached)
    reportExitOnThread(Analysis, *Site);
  if (!Detached.empty()) {
    reportExitOnOtherThreads(Analysis, Ctx, Detached);
    reportExitInHandlers(Analysis, Ctx);
  }

  std::vector<const SpawnSite *> Working;
  for (const SpawnSite *Site : Detached)
    if (Analysis.Effects.doesObservableWork(*Site))
      Working.push_back(Site);
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *Main = dyn_cast<FunctionDecl>(D);
        Main && Main->isMain() && Main->hasBody() && !isInSystemHeader(Main))
      reportExitsOfMain(Analysis, *Main, Working);
}

void ExitWithRunningThreadsCheck::reportExitsOfMain(
    TUAnalysis &Analysis, const FunctionDecl &Main,
    llvm::ArrayRef<const SpawnSite *> Threads) {
  ExitFindings Found = unwaitedExits(&Main, Threads, Analysis);
  for (const UnwaitedExit &Exit : Found.Exits) {
    FuncRef Entry = Exit.Thread->Entries.front();
    diag(Exit.ExitLoc,
         "%select{'main' returns|%1 ends the process}0 while the detached "
         "thread running %2 may still be running; its unfinished work is "
         "lost%select{|, and %4 does not wait for it}3")
        << (Exit.How != "return") << ("'" + Exit.How + "'") << nameOf(Entry)
        << (Exit.Sleep != nullptr)
        << (Exit.Sleep ? apiName(Exit.Sleep) : std::string());
    bool Direct = Exit.DetachedAt == Exit.Thread->DetachLoc ||
                  Exit.DetachedAt == Exit.Thread->CreationLoc;
    diag(Exit.DetachedAt,
         Direct ? "thread detached here" : "this call detaches the thread",
         DiagnosticIDs::Note);
    if (Exit.Sleep)
      diag(Exit.SleepLoc, "%0 waits for a fixed time, not for the thread",
           DiagnosticIDs::Note)
          << apiName(Exit.Sleep);
  }
}

void ExitWithRunningThreadsCheck::reportExitOnThread(TUAnalysis &Analysis,
                                                     const SpawnSite &Site) {
  for (const Reach &Exit : Analysis.Effects.findExitCalls(Site)) {
    if (!firstReport(Exit.Loc))
      continue;
    diag(Exit.Loc, "%0 called on the detached thread running %1 runs static "
                   "destructors and atexit handlers while other threads still "
                   "run")
        << Exit.What.str() << nameOf(Exit.Entry);
    noteChain(Exit.Chain);
    diag(Site.DetachLoc, "thread detached here", DiagnosticIDs::Note);
  }
}

void ExitWithRunningThreadsCheck::reportExitOnOtherThreads(
    TUAnalysis &Analysis, ASTContext &Ctx,
    llvm::ArrayRef<const SpawnSite *> Detached) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const SpawnSite &Site : Analysis.Threads.spawns()) {
    if (Site.isDetached() || !Site.Creator || !Site.Creator->hasBody())
      continue;
    const Stmt *Body = Site.Creator->getBody();
    // A thread detached in the same function, unconditionally, before this
    // one is started: it may still run when this one calls exit().
    const auto *Running = llvm::find_if(Detached, [&](const SpawnSite *D) {
      if (D->Creator != Site.Creator)
        return false;
      SourceLocation At =
          SM.isPointWithin(D->DetachLoc, Body->getBeginLoc(), Body->getEndLoc())
              ? D->DetachLoc
              : D->CreationLoc;
      return runsBefore(Body, At, Site.CreationLoc, SM);
    });
    if (Running == Detached.end())
      continue;
    for (const Reach &Exit : Analysis.Effects.findExitCalls(Site)) {
      if (!firstReport(Exit.Loc))
        continue;
      diag(Exit.Loc,
           "%0 called on the thread running %1 runs static destructors and "
           "atexit handlers while the detached thread running %2 may still "
           "be running")
          << Exit.What.str() << nameOf(Exit.Entry)
          << nameOf((*Running)->Entries.front());
      noteChain(Exit.Chain);
      diag(Site.CreationLoc, "thread created here", DiagnosticIDs::Note);
      diag((*Running)->DetachLoc, "thread detached here", DiagnosticIDs::Note);
    }
  }
}

void ExitWithRunningThreadsCheck::reportExitInHandlers(TUAnalysis &Analysis,
                                                       ASTContext &Ctx) {
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
  for (const SignalHandler &H : signalHandlers(Ctx)) {
    if (!Seen.insert(H.Handler).second)
      continue;
    SpawnSite Handler;
    Handler.Entries.push_back(H.Handler);
    for (const Reach &Exit : Analysis.Effects.findExitCalls(Handler)) {
      if (!firstReport(Exit.Loc))
        continue;
      diag(Exit.Loc,
           "%0 in the signal handler %1 runs static destructors and atexit "
           "handlers while detached threads still run; call '_exit' or "
           "'quick_exit' instead")
          << Exit.What.str() << nameOf(H.Handler);
      noteChain(Exit.Chain);
      diag(H.InstalledAt, "%0 installed as a signal handler here",
           DiagnosticIDs::Note)
          << nameOf(H.Handler);
    }
  }
}

} // namespace clang::tidy::daemon
