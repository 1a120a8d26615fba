//===-- UnjoinedThreadCheck.h - daemon-unjoined-thread ----------*- C++ -*-===//

#ifndef DAEMON_TIDY_UNJOINEDTHREADCHECK_H
#define DAEMON_TIDY_UNJOINEDTHREADCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "model/Analysis.h"
#include "model/JoinableLosses.h"
#include "model/JoinableMembers.h"
#include "model/StaticThreads.h"

namespace clang::tidy::daemon {

/// Finds std::thread objects that may be destroyed or move-assigned to
/// while joinable, which calls std::terminate: locals with a path (also an
/// exception path) to the end of their scope with neither join nor detach,
/// members their owner's destructor leaves joinable, containers of threads
/// not joined in full, and static threads never joined. Offers std::jthread
/// where the language mode and the standard library provide it and the
/// change keeps the meaning.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-unjoined-thread.md
class UnjoinedThreadCheck : public ClangTidyCheck {
public:
  UnjoinedThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void reportLocal(const JoinableLoss &Loss, const FunctionDecl &Fn,
                   ASTContext &Ctx);
  void reportAssignment(const JoinableLoss &Loss);
  void reportMember(const JoinableLoss &Loss, ASTContext &Ctx);
  void reportStatic(const UnjoinedStaticThread &Thread);
  /// The fix-it that declares \p Object a std::jthread, if it keeps the
  /// meaning of the code in \p Uses (the bodies that name it).
  std::optional<FixItHint> jthreadFix(const DeclaratorDecl &Object,
                                      llvm::ArrayRef<const Stmt *> Uses,
                                      ASTContext &Ctx);

  const std::string ThrowingFunctions;
  std::vector<ThrowingFunction> Throwing;
  ModelOptions Model;
  const ASTContext *Current = nullptr;
  /// Whether the TU's standard library declares std::jthread, once known.
  std::optional<bool> HasJThread;
};

} // namespace clang::tidy::daemon

#endif
