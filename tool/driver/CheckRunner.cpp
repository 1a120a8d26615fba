//===-- CheckRunner.cpp - running the daemon-* checks on files ------------===//

#include "CheckRunner.h"
#include "TidyCompat.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"

namespace clang::tidy::daemon {
namespace {

/// Hands the parsed translation unit to each check once: every daemon-*
/// check registers a single matcher, for the translation unit itself.
class ChecksConsumer : public ASTConsumer {
public:
  ChecksConsumer(std::vector<std::unique_ptr<ClangTidyCheck>> Checks,
                 std::unique_ptr<ast_matchers::MatchFinder> Finder)
      : Checks(std::move(Checks)), Finder(std::move(Finder)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    for (const std::unique_ptr<ClangTidyCheck> &Check : Checks)
      Check->onStartOfTranslationUnit();
    Finder->match(*Ctx.getTranslationUnitDecl(), Ctx);
    for (const std::unique_ptr<ClangTidyCheck> &Check : Checks)
      Check->onEndOfTranslationUnit();
  }

private:
  std::vector<std::unique_ptr<ClangTidyCheck>> Checks;
  std::unique_ptr<ast_matchers::MatchFinder> Finder;
};

/// Creates the checks for each translation unit, as clang-tidy's own
/// consumer factory does.
class ChecksAction : public ASTFrontendAction {
public:
  ChecksAction(ClangTidyContext &Context,
               const ClangTidyCheckFactories &Factories)
      : Context(Context), Factories(Factories) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                 StringRef File) override {
    SourceManager &SM = Compiler.getSourceManager();
    Context.setSourceManager(&SM);
    Context.setCurrentFile(File);
    Context.setASTContext(&Compiler.getASTContext());
    if (auto WorkingDir = SM.getFileManager()
                              .getVirtualFileSystem()
                              .getCurrentWorkingDirectory())
      Context.setCurrentBuildDirectory(*WorkingDir);
    std::vector<std::unique_ptr<ClangTidyCheck>> Checks =
        Factories.createChecksForLanguage(&Context);
    auto Finder = std::make_unique<ast_matchers::MatchFinder>();
    Preprocessor *PP = &Compiler.getPreprocessor();
    for (const std::unique_ptr<ClangTidyCheck> &Check : Checks) {
      Check->registerMatchers(Finder.get());
      Check->registerPPCallbacks(SM, PP, PP);
    }
    return std::make_unique<ChecksConsumer>(std::move(Checks),
                                            std::move(Finder));
  }

private:
  ClangTidyContext &Context;
  const ClangTidyCheckFactories &Factories;
};

class ChecksActionFactory : public tooling::FrontendActionFactory {
public:
  ChecksActionFactory(ClangTidyContext &Context, bool Quiet)
      : Context(Context), Quiet(Quiet) {
    for (const ClangTidyModuleRegistry::entry &Module :
         ClangTidyModuleRegistry::entries())
      Module.instantiate()->addCheckFactories(Factories);
  }

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<ChecksAction>(Context, Factories);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As under clang-tidy, code sees __clang_analyzer__ defined.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
#if DAEMON_TIDY_LLVM_MAJOR >= 22
    if (Quiet)
      Invocation->getDiagnosticOpts().ShowCarets = false;
#else
    (void)Quiet;
#endif
    return FrontendActionFactory::runInvocation(Invocation, Files,
                                                PCHContainerOps, DiagConsumer);
  }

private:
  ClangTidyContext &Context;
  ClangTidyCheckFactories Factories;
  bool Quiet;
};

} // namespace

std::vector<ClangTidyError>
runChecks(ClangTidyContext &Context,
          const tooling::CompilationDatabase &Compilations,
          llvm::ArrayRef<std::string> Files,
          llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
          bool FixNotes, bool Quiet) {
  tooling::ClangTool Tool(Compilations, Files,
                          std::make_shared<PCHContainerOperations>(), BaseFS);
  // The configuration's ExtraArgsBefore and ExtraArgs, per file.
  Tool.appendArgumentsAdjuster(
      [&Context](const tooling::CommandLineArguments &Args, StringRef File) {
        ClangTidyOptions Options = Context.getOptionsForFile(File);
        tooling::CommandLineArguments Adjusted = Args;
        if (Options.ExtraArgsBefore) {
          auto At = Adjusted.begin();
          if (At != Adjusted.end() && !StringRef(*At).starts_with("-"))
            ++At; // The compiler's name.
          Adjusted.insert(At, Options.ExtraArgsBefore->begin(),
                          Options.ExtraArgsBefore->end());
        }
        if (Options.ExtraArgs)
          Adjusted.insert(Adjusted.end(), Options.ExtraArgs->begin(),
                          Options.ExtraArgs->end());
        return Adjusted;
      });
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  ClangTidyDiagnosticConsumer DiagConsumer(Context, nullptr, true, FixNotes);
  std::unique_ptr<DiagnosticsEngine> Engine =
      attachDiagnostics(Context, DiagConsumer);
  Tool.setDiagnosticConsumer(&DiagConsumer);
  ChecksActionFactory Factory(Context, Quiet);
  Tool.run(&Factory);
  return DiagConsumer.take();
}

} // namespace clang::tidy::daemon
