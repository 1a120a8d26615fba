//===-- JoinDetachMisuseCheck.cpp - daemon-join-detach-misuse -------------===//

#include "JoinDetachMisuseCheck.h"
#include "model/DiagnosticNames.h"
#include "model/Functions.h"
#include "model/HandleApis.h"
#include "model/HandleFlow.h"
#include "model/Names.h"
#include "model/NonJoinableCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::daemon {
namespace {

StringRef opName(ThreadOp Op) {
  return Op == ThreadOp::Join ? "join" : "detach";
}

/// The removal of a `t.join();` statement that stands alone; when nothing
/// else is on its line, the whole line goes.
std::optional<FixItHint> removeStatement(const NonJoinableCall &Bad,
                                         ASTContext &Ctx) {
  const CallExpr &Call = *Bad.Call;
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Bad.IsStatement || Call.getBeginLoc().isMacroID() ||
      Call.getEndLoc().isMacroID())
    return std::nullopt;
  std::optional<Token> Semi =
      Lexer::findNextToken(Call.getEndLoc(), SM, Ctx.getLangOpts());
  if (!Semi || !Semi->is(tok::semi))
    return std::nullopt;

  FileID File = SM.getFileID(Call.getBeginLoc());
  StringRef Buffer = SM.getBufferData(File);
  size_t Begin = SM.getFileOffset(Call.getBeginLoc());
  size_t End = SM.getFileOffset(Semi->getLocation()) + 1;
  size_t LineBegin = Buffer.rfind('\n', Begin);
  LineBegin = LineBegin == StringRef::npos ? 0 : LineBegin + 1;
  size_t LineEnd = std::min(Buffer.find('\n', End), Buffer.size());
  // Remove the line with the newline before it rather than after it:
  // clang's fix-it merging trims a space after a removal that ends at the
  // start of a line, which would eat the next line's indentation.
  if (LineBegin > 0 && Buffer.slice(LineBegin, Begin).trim().empty() &&
      Buffer.slice(End, LineEnd).trim().empty()) {
    Begin = LineBegin - 1;
    End = LineEnd;
  }
  SourceLocation Start = SM.getLocForStartOfFile(File);
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      Start.getLocWithOffset(Begin), Start.getLocWithOffset(End)));
}

} // namespace

JoinDetachMisuseCheck::JoinDetachMisuseCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RemoveRepeatedCalls(Options.get("RemoveRepeatedCalls", true)) {
  Model.IndexPath = Options.getLocalOrGlobal("SummaryIndex", "");
}

void JoinDetachMisuseCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "RemoveRepeatedCalls", RemoveRepeatedCalls);
}

void JoinDetachMisuseCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void JoinDetachMisuseCheck::check(const MatchFinder::MatchResult &Result) {
  // Helpers defined in other files are looked up in the index through the
  // analysis, which lives until the end of the translation unit.
  if (!Model.IndexPath.empty())
    analysisFor(*Result.Context, Model);
  // A template instantiated twice yields the same finding twice.
  llvm::DenseSet<unsigned> Reported;
  for (const FunctionDecl *Fn : userFunctionDefinitions(*Result.Context)) {
    for (const NonJoinableCall &Bad :
         findNonJoinableCalls(*Fn, *Result.Context)) {
      if (!Reported.insert(Bad.Call->getExprLoc().getRawEncoding()).second)
        continue;
      warn(Bad, *Result.Context);
      if (Bad.Inner.isValid())
        diag(Bad.Inner, "%0 %select{joins|detaches}1 %2 here",
             DiagnosticIDs::Note)
            << Bad.Call->getDirectCallee() << (Bad.Op == ThreadOp::Detach)
            << Bad.Object;
      diag(Bad.Cause,
           "thread %0 %select{joined|detached|moved from|default-constructed}1 "
           "here",
           DiagnosticIDs::Note)
          << Bad.Object << static_cast<int>(Bad.Reason);
    }
    HandleFindings Handles = findHandleMisuses(*Fn, *Result.Context);
    for (const HandleMisuse &Bad : Handles.Misuses)
      if (Reported.insert(Bad.Call->getExprLoc().getRawEncoding()).second)
        warn(Bad);
    for (const LateDetachState &Late : Handles.LateDetachStates)
      if (Reported.insert(Late.Call->getExprLoc().getRawEncoding()).second)
        warn(Late);
  }
}

void JoinDetachMisuseCheck::warn(const HandleMisuse &Bad) {
  // Which thread: a handle, an element of an array of handles, or the
  // thread that runs the function.
  int Which = !Bad.Handle ? 2 : Bad.Family ? 1 : 0;
  std::string Name = Bad.Handle ? apiName(Bad.Handle) : std::string();
  diag(calleeNameLoc(Bad.Call),
       "%0 on %select{thread %1|a thread in %1|the current thread}3, "
       "%select{which was already joined|which was already detached|which "
       "was created detached|which detaches itself|whose creation "
       "failed|which may already have been joined|which may already have "
       "been detached|which may have been created detached|which may detach "
       "itself|whose creation may have failed}2; the behaviour is undefined")
      << Bad.Call->getSourceRange() << Bad.Call->getDirectCallee() << Name
      << static_cast<int>(Bad.Reason) + (Bad.OnEveryPath ? 0 : 5) << Which;
  if (Bad.Inner.isValid())
    diag(Bad.Inner,
         "%0 %select{joins|detaches}1 %select{thread %2|a thread in "
         "%2|the current thread}3 here",
         DiagnosticIDs::Note)
        << Bad.Call->getDirectCallee() << (Bad.Op == ThreadOp::Detach) << Name
        << Which;
  switch (Bad.Reason) {
  case HandleEnd::Joined:
  case HandleEnd::Detached:
    diag(Bad.Cause,
         "%select{thread %0|a thread in %0|the current thread}2 "
         "%select{joined|detached}1 here",
         DiagnosticIDs::Note)
        << Name << (Bad.Reason == HandleEnd::Detached) << Which;
    break;
  case HandleEnd::CreatedDetached:
    diag(Bad.Cause,
         "%select{thread %0|the threads in %0}2 created detached here "
         "with attribute %1",
         DiagnosticIDs::Note)
        << Name << Bad.Attribute << (Which == 1);
    break;
  case HandleEnd::DetachesItself:
    diag(Bad.Cause, "%0 detaches its own thread here", DiagnosticIDs::Note)
        << nameOf(Bad.Entry);
    break;
  case HandleEnd::CreationFailed:
    diag(Bad.Cause,
         "%select{thread %0 is|the threads in %0 are}1 not created when "
         "this call fails",
         DiagnosticIDs::Note)
        << Name << (Which == 1);
    break;
  }
}

void JoinDetachMisuseCheck::warn(const LateDetachState &Late) {
  diag(calleeNameLoc(Late.Call),
       "%0 after %1 was used to create the thread; it does not change that "
       "thread")
      << Late.Call->getSourceRange() << Late.Call->getDirectCallee()
      << Late.Attribute;
  diag(Late.UsedAt, "%0 used here", DiagnosticIDs::Note) << Late.Attribute;
}

void JoinDetachMisuseCheck::warn(const NonJoinableCall &Bad, ASTContext &Ctx) {
  bool Inlined = Bad.Inner.isValid();
  auto Diag =
      diag(Bad.Call->getExprLoc(),
           "%select{'%0' on|%5%select{| on %6}7 %select{joins|detaches}8}4 "
           "thread %1, which %select{was already joined|was already "
           "detached|was moved from|was default-constructed and owns no "
           "thread|may already have been joined|may already have been "
           "detached|may have been moved from|may still be "
           "default-constructed and own no thread}2; %select{this throws "
           "'std::system_error'|this breaks the precondition of "
           "'boost::thread::%0'}3")
      << SourceRange(Bad.Call->getExprLoc(), Bad.Call->getEndLoc())
      << opName(Bad.Op) << Bad.Object
      << static_cast<int>(Bad.Reason) + (Bad.OnEveryPath ? 0 : 4)
      << !isStdThreadObjectType(Bad.Object->getType()) << Inlined
      << Bad.Call->getDirectCallee()
      << (Bad.Owner ? static_cast<const NamedDecl *>(Bad.Owner) : Bad.Object)
      << (Bad.Owner != nullptr) << (Bad.Op == ThreadOp::Detach);
  // The same call repeated on every path is plainly redundant.
  bool Repeated =
      (Bad.Reason == NotJoinableReason::Joined && Bad.Op == ThreadOp::Join) ||
      (Bad.Reason == NotJoinableReason::Detached && Bad.Op == ThreadOp::Detach);
  if (RemoveRepeatedCalls && Bad.OnEveryPath && Repeated && !Inlined)
    if (std::optional<FixItHint> Fix = removeStatement(Bad, Ctx))
      Diag << *Fix;
}

} // namespace clang::tidy::daemon
