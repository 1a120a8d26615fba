//===-- ThreadExceptionEscapeCheck.cpp - thread-exception-escape ----------===//

#include "ThreadExceptionEscapeCheck.h"
#include "model/DiagnosticNames.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::daemon {

ThreadExceptionEscapeCheck::ThreadExceptionEscapeCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SpawnerFunctions(Options.getLocalOrGlobal("SpawnerFunctions", "")),
      ThrowingFunctions(Options.getLocalOrGlobal("ThrowingFunctions", "")),
      Throwing(ThrowingFunction::parseList(ThrowingFunctions)) {
  Model.IndexPath = Options.getLocalOrGlobal("SummaryIndex", "");
  for (const std::string &Entry : addSpawners(SpawnerFunctions, Model.Spawners))
    configurationDiag("invalid SpawnerFunctions entry '%0': expected "
                      "'qualified::name:argIndex'")
        << Entry;
}

void ThreadExceptionEscapeCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SpawnerFunctions", SpawnerFunctions);
  Options.store(Opts, "ThrowingFunctions", ThrowingFunctions);
}

void ThreadExceptionEscapeCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void ThreadExceptionEscapeCheck::check(const MatchFinder::MatchResult &Result) {
  Current = Result.Context;
  std::shared_ptr<TUAnalysis> Analysis = analysisFor(*Result.Context, Model);
  ExceptionModel &Exceptions = Analysis->exceptions(Throwing);
  llvm::DenseSet<unsigned> Reported;
  for (const SpawnSite &Site : Analysis->Threads.spawns()) {
    if (Reported.contains(Site.CreationLoc.getRawEncoding()))
      continue;
    if (std::optional<ThreadEscape> Found = Exceptions.findEscape(Site)) {
      Reported.insert(Site.CreationLoc.getRawEncoding());
      diagnose(Site, *Found);
    }
  }
}

void ThreadExceptionEscapeCheck::onEndOfTranslationUnit() {
  if (Current)
    releaseAnalyses(*Current);
  Current = nullptr;
}

void ThreadExceptionEscapeCheck::diagnose(const SpawnSite &Site,
                                          const ThreadEscape &Found) {
  const Escape &E = Found.Exception;
  // A noexcept function on the way terminates before the entry is left.
  FuncRef Boundary = E.Noexcept != Found.Entry ? E.Noexcept : nullptr;
  diag(Site.CreationLoc, "exception thrown in the thread running %0 is not "
                         "caught; it %select{escapes the entry|leaves the "
                         "noexcept function %2}1 and calls std::terminate")
      << nameOf(Found.Entry) << static_cast<bool>(Boundary) << nameOf(Boundary);
  if (Site.Wrapper && Site.Wrapper->SpawnLoc.isValid())
    diag(Site.Wrapper->SpawnLoc, "%0 runs it on a thread here",
         DiagnosticIDs::Note)
        << nameOf(Site.Wrapper->Function);
  for (const CallStep &Step : E.chain())
    diag(Step.Loc, "%0 calls %1", DiagnosticIDs::Note)
        << nameOf(Step.Caller) << nameOf(Step.Callee);
  std::string Type = E.Type.Name.empty() ? "" : "'" + E.Type.Name + "'";
  switch (E.Origin.Kind) {
  case ThrowPoint::Throw:
  case ThrowPoint::Rethrow:
    diag(E.Origin.Loc, "%0 %select{throws|rethrows}1 %2 here",
         DiagnosticIDs::Note)
        << nameOf(E.Origin.Thrower) << (E.Origin.Kind == ThrowPoint::Rethrow)
        << Type;
    break;
  case ThrowPoint::LibraryCall:
    diag(E.Origin.Loc,
         "%0 calls '%1' here, which %select{throws %3|may throw}2",
         DiagnosticIDs::Note)
        << nameOf(E.Origin.Thrower) << E.Origin.Api << Type.empty() << Type;
    break;
  }
}

} // namespace clang::tidy::daemon
