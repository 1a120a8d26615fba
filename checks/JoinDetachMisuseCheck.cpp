//===-- JoinDetachMisuseCheck.cpp - daemon-join-detach-misuse -------------===//

#include "JoinDetachMisuseCheck.h"
#include "model/Names.h"
#include "model/ThreadObjectFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::daemon {
namespace {

AST_MATCHER(CXXRecordDecl, isThreadObjectClass) { return isThreadClass(&Node); }

/// The function whose body holds \p S: a function, or a lambda's call
/// operator.
const FunctionDecl *enclosingFunction(const Stmt &S, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(S);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *L = P.get<LambdaExpr>())
      return L->getCallOperator();
    if (const auto *F = P.get<FunctionDecl>())
      return F;
    if (P.get<BlockDecl>() || P.get<ObjCMethodDecl>())
      return nullptr;
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

StringRef opName(ThreadOp Op) {
  return Op == ThreadOp::Join ? "join" : "detach";
}

/// The removal of a whole `t.join();` statement, when the call stands alone.
std::optional<FixItHint> removeStatement(const CXXMemberCallExpr &Call,
                                         ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(Call);
  if (Parents.empty() || !Parents[0].get<CompoundStmt>() ||
      Call.getBeginLoc().isMacroID())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Semi = Lexer::findLocationAfterToken(
      Call.getEndLoc(), tok::semi, SM, Ctx.getLangOpts(),
      /*SkipTrailingWhitespaceAndNewLine=*/true);
  if (Semi.isInvalid())
    return std::nullopt;
  return FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(Call.getBeginLoc(), Semi));
}

} // namespace

void JoinDetachMisuseCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("join", "detach"),
                                             ofClass(isThreadObjectClass()))),
                        unless(isInTemplateInstantiation()))
          .bind("call"),
      this);
}

void JoinDetachMisuseCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("call");
  const FunctionDecl *Fn = enclosingFunction(*Call, *Result.Context);
  if (!Fn || !Analysed.insert(Fn).second)
    return;

  for (const NonJoinableCall &Bad :
       findNonJoinableCalls(*Fn, *Result.Context)) {
    {
      auto Diag =
          diag(
              Bad.Call->getExprLoc(),
              "'%0' on thread %1, which %select{was already joined|was already "
              "detached|was moved from|was default-constructed and owns no "
              "thread|may already have been joined|may already have been "
              "detached|may have been moved from|may have been "
              "default-constructed and own no thread}2; this throws "
              "'std::system_error'")
          << opName(Bad.Op) << Bad.Object
          << static_cast<int>(Bad.Reason) + (Bad.OnEveryPath ? 0 : 4);
      // Repeating the same call on every path is plainly redundant.
      bool Repeated = (Bad.Reason == NotJoinableReason::Joined &&
                       Bad.Op == ThreadOp::Join) ||
                      (Bad.Reason == NotJoinableReason::Detached &&
                       Bad.Op == ThreadOp::Detach);
      if (Bad.OnEveryPath && Repeated)
        if (std::optional<FixItHint> Fix =
                removeStatement(*Bad.Call, *Result.Context))
          Diag << *Fix;
    } // The warning is emitted here, before its note.

    SourceLocation CauseLoc = Bad.Cause->getBeginLoc();
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Bad.Cause))
      CauseLoc = Member->getExprLoc();
    diag(CauseLoc,
         "thread %0 %select{joined|detached|moved from|default-constructed}1 "
         "here",
         DiagnosticIDs::Note)
        << Bad.Object << static_cast<int>(Bad.Reason);
  }
}

} // namespace clang::tidy::daemon
