//===-- DaemonizeStdioCheck.cpp - daemon-daemonize-stdio ------------------===//

#include "DaemonizeStdioCheck.h"
#include "model/DiagnosticNames.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::daemon {
namespace {

/// 'printf', or for a C++ stream 'std::cout'.
std::string writerName(const NamedDecl *Api) {
  return isa<VarDecl>(Api) ? "'std::" + Api->getNameAsString() + "'"
                           : "'" + Api->getNameAsString() + "'";
}

} // namespace

void DaemonizeStdioCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void DaemonizeStdioCheck::check(const MatchFinder::MatchResult &Result) {
  // A template instantiated twice yields the same finding twice.
  llvm::DenseSet<unsigned> Reported;
  DaemonizingModel Model(*Result.Context);
  for (const DaemonizedOutput &Output : Model.daemonizedOutputs())
    if (Reported.insert(Output.Call->getBeginLoc().getRawEncoding()).second)
      report(Output);
}

void DaemonizeStdioCheck::report(const DaemonizedOutput &Output) {
  const StdioWrite &Write = Output.First;
  bool Direct = Output.Chain.empty();
  SourceLocation Loc =
      Direct ? Write.Site->getBeginLoc() : Output.Chain.front().Loc;
  diag(Loc, "%0 writes to %select{|stdout|stderr}1 after daemonizing; the "
            "terminal may be gone, and the output is lost or the write fails")
      << (Direct ? writerName(Write.Api) : nameOf(Output.Chain.front().Callee))
      << Write.Fd;

  if (Output.Kind == DaemonizeKind::ForkSetsid)
    diag(Output.Setsid->getBeginLoc(),
         "the child calls 'setsid' here without redirecting "
         "%select{|stdout|stderr}0",
         DiagnosticIDs::Note)
        << Write.Fd;
  else
    diag(Output.Call->getBeginLoc(),
         "process daemonized here %select{with 'noclose' set|with a "
         "'noclose' that may be non-zero}0; %select{|stdout|stderr}1 "
         "%select{stays|may stay}0 attached to the terminal",
         DiagnosticIDs::Note)
        << (Output.Kind == DaemonizeKind::DaemonUnknownNoclose) << Write.Fd;

  for (const CallStep &Step : Output.Chain)
    diag(Step.Loc, "%0 calls %1", DiagnosticIDs::Note)
        << nameOf(Step.Caller) << nameOf(Step.Callee);
  if (!Direct)
    diag(Write.Site->getBeginLoc(),
         "%0 writes to %select{|stdout|stderr}1 through %2 here",
         DiagnosticIDs::Note)
        << nameOf(Output.Performer) << Write.Fd << writerName(Write.Api);
  if (Output.Next)
    diag(Output.Next->getBeginLoc(),
         "and %0 more write%s0 to stdout or stderr after daemonizing, the "
         "next one here",
         DiagnosticIDs::Note)
        << Output.Count - 1;
}

} // namespace clang::tidy::daemon
