//===-- ExitWithRunningThreadsCheck.cpp - exit-with-running-threads -------===//

#include "ExitWithRunningThreadsCheck.h"
#include "model/DiagnosticNames.h"
#include "model/ExitPaths.h"
#include "model/Names.h"

namespace clang::tidy::daemon {

void ExitWithRunningThreadsCheck::checkTranslationUnit(TUAnalysis &Analysis,
                                                       ASTContext &Ctx) {
  std::vector<const SpawnSite *> Detached;
  for (const SpawnSite *Site : Analysis.Threads.detachedThreads())
    if (!llvm::any_of(Site->Entries, EffectModel::isDiscardable))
      Detached.push_back(Site);
  for (const SpawnSite *Site : Detached)
    reportExitOnThread(Analysis, *Site);
  if (!Detached.empty())
    reportExitInHandlers(Analysis, Ctx);

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
  std::optional<Reach> Exit = Analysis.Effects.findExitCall(Site);
  if (!Exit)
    return;
  diag(Exit->Loc, "%0 called on the detached thread running %1 runs static "
                  "destructors and atexit handlers while other threads still "
                  "run")
      << Exit->What.str() << nameOf(Exit->Entry);
  noteChain(Exit->Chain);
  diag(Site.DetachLoc, "thread detached here", DiagnosticIDs::Note);
}

void ExitWithRunningThreadsCheck::reportExitInHandlers(TUAnalysis &Analysis,
                                                       ASTContext &Ctx) {
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
  for (const SignalHandler &H : signalHandlers(Ctx)) {
    if (!Seen.insert(H.Handler).second)
      continue;
    SpawnSite Handler;
    Handler.Entries.push_back(H.Handler);
    std::optional<Reach> Exit = Analysis.Effects.findExitCall(Handler);
    if (!Exit)
      continue;
    diag(Exit->Loc,
         "%0 in the signal handler %1 runs static destructors and atexit "
         "handlers while detached threads still run; call '_exit' or "
         "'quick_exit' instead")
        << Exit->What.str() << nameOf(H.Handler);
    noteChain(Exit->Chain);
    diag(H.InstalledAt, "%0 installed as a signal handler here",
         DiagnosticIDs::Note)
        << nameOf(H.Handler);
  }
}

} // namespace clang::tidy::daemon
