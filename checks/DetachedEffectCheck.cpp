//===-- DetachedEffectCheck.cpp - the policy of the effect checks ---------===//

#include "DetachedEffectCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::daemon {
namespace {

/// What each check says about its effect kind.
struct KindText {
  StringRef Option;
  StringRef Consequence;
  StringRef Does;
  StringRef Singular;
  StringRef Plural;
};

const KindText &textOf(EffectKind Kind) {
  static const KindText Texts[NumEffectKinds] = {
      {"FileWriteFunctions",
       "writes to a file; the write may be lost or left partial if the "
       "process exits first",
       "writes to a file", "file write", "file writes"},
      {"NetworkSendFunctions",
       "sends over the network; the request may never complete if the "
       "process exits first",
       "sends over the network", "network send", "network sends"},
      {"DatabaseCommitFunctions",
       "commits to a database; the transaction may be lost if the process "
       "exits first",
       "commits to a database", "database commit", "database commits"},
      {"SubprocessFunctions",
       "runs a subprocess; its result can never be seen, and the child may "
       "be left orphaned if the process exits first",
       "runs a subprocess", "subprocess", "subprocesses"},
  };
  return Texts[static_cast<unsigned>(Kind)];
}

} // namespace

DetachedEffectCheck::DetachedEffectCheck(StringRef Name,
                                         ClangTidyContext *Context,
                                         std::optional<EffectKind> Kind)
    : ClangTidyCheck(Name, Context), Kind(Kind),
      SpawnerFunctions(Options.getLocalOrGlobal("SpawnerFunctions", "")),
      ExtraFunctions(Kind ? Options.getLocalOrGlobal(textOf(*Kind).Option, "")
                          : "") {
  Model.IndexPath = Options.getLocalOrGlobal("SummaryIndex", "");
  if (Kind)
    Model.Apis.Names[static_cast<unsigned>(*Kind)] =
        splitOptionList(ExtraFunctions);
  for (const std::string &Entry : addSpawners(SpawnerFunctions, Model.Spawners))
    configurationDiag("invalid SpawnerFunctions entry '%0': expected "
                      "'qualified::name:argIndex'")
        << Entry;
}

void DetachedEffectCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SpawnerFunctions", SpawnerFunctions);
  if (Kind)
    Options.store(Opts, textOf(*Kind).Option, ExtraFunctions);
}

void DetachedEffectCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void DetachedEffectCheck::check(const MatchFinder::MatchResult &Result) {
  Current = Result.Context;
  std::shared_ptr<TUAnalysis> Analysis = analysisFor(*Result.Context, Model);
  checkTranslationUnit(*Analysis, *Result.Context);
}

void DetachedEffectCheck::checkTranslationUnit(TUAnalysis &Analysis,
                                               ASTContext &Ctx) {
  for (const SpawnSite *Site : Analysis.Threads.detachedThreads()) {
    if ((exemptsDiscardable() &&
         llvm::any_of(Site->Entries, EffectModel::isDiscardable)) ||
        Reported.contains(Site->DetachLoc.getRawEncoding()))
      continue;
    if (diagnose(Analysis, *Site))
      Reported.insert(Site->DetachLoc.getRawEncoding());
  }
}

void DetachedEffectCheck::onEndOfTranslationUnit() {
  if (Current)
    releaseAnalyses(*Current);
  Current = nullptr;
  Reported.clear();
}

bool DetachedEffectCheck::diagnose(TUAnalysis &Analysis,
                                   const SpawnSite &Site) {
  std::optional<EffectPath> Path =
      Kind ? Analysis.Effects.findEffect(Site, *Kind) : std::nullopt;
  if (!Path)
    return false;
  const KindText &Text = textOf(*Kind);
  diag(Site.DetachLoc, "detached thread running %0 %1")
      << nameOf(Path->Entry) << Text.Consequence;
  noteOrigin(Site);
  noteChain(Path->Chain);
  std::string More;
  if (Path->Count > 1)
    More = " (and " + std::to_string(Path->Count - 1) + " more " +
           (Path->Count == 2 ? Text.Singular : Text.Plural).str() + ")";
  if (Path->Leaf.Destroyed)
    diag(Path->Leaf.Loc, "%0 %1 when %2 is destroyed%3", DiagnosticIDs::Note)
        << nameOf(Path->Performer) << Text.Does << Path->Leaf.Destroyed.str()
        << More;
  else
    diag(Path->Leaf.Loc, "%0 %1 through %2 here%3", DiagnosticIDs::Note)
        << nameOf(Path->Performer) << Text.Does << Path->Leaf.Api.str() << More;
  return true;
}

void DetachedEffectCheck::noteOrigin(const SpawnSite &Site) {
  const SourceManager &SM = Current->getSourceManager();
  if (Site.Wrapper && Site.Wrapper->SpawnLoc.isValid())
    diag(Site.Wrapper->SpawnLoc, "%0 runs it on a detached thread here",
         DiagnosticIDs::Note)
        << nameOf(Site.Wrapper->Function);
  else if (SM.getExpansionLineNumber(Site.CreationLoc) !=
               SM.getExpansionLineNumber(Site.DetachLoc) ||
           SM.getFileID(SM.getExpansionLoc(Site.CreationLoc)) !=
               SM.getFileID(SM.getExpansionLoc(Site.DetachLoc)))
    diag(Site.CreationLoc, "thread created here", DiagnosticIDs::Note);
}

void DetachedEffectCheck::noteChain(llvm::ArrayRef<CallStep> Chain) {
  for (const CallStep &Step : Chain)
    diag(Step.Loc, "%0 calls %1%select{| to destroy %3}2", DiagnosticIDs::Note)
        << nameOf(Step.Caller) << nameOf(Step.Callee)
        << static_cast<bool>(Step.Destroyed) << Step.Destroyed.str();
}

} // namespace clang::tidy::daemon
