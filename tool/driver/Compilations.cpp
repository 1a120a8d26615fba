//===-- Compilations.cpp - where compile commands come from ---------------===//

#include "Compilations.h"
#include "DaemonTidyConfig.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::daemon {
namespace {

using tooling::CommandLineArguments;
using tooling::CompilationDatabase;
using tooling::CompileCommand;

std::string llvmTool(llvm::StringRef Name) {
  llvm::SmallString<128> Path(DAEMON_TIDY_DRIVER);
  llvm::sys::path::remove_filename(Path);
  llvm::sys::path::append(Path, Name);
  return std::string(Path);
}

bool isCSource(llvm::StringRef File) {
  return llvm::sys::path::extension(File) == ".c";
}

bool isHeader(llvm::StringRef File) {
  llvm::StringRef Ext = llvm::sys::path::extension(File);
  return Ext == ".h" || Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx";
}

/// Commands for files that no database describes.
class DefaultCompilations : public CompilationDatabase {
public:
  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    llvm::SmallString<256> Dir;
    llvm::sys::fs::current_path(Dir);
    std::vector<std::string> Args = {llvmTool("clang")};
    if (isCSource(File)) {
      Args.push_back("-std=c11");
    } else {
      if (isHeader(File))
        Args.push_back("-xc++");
      Args.push_back("-std=c++17");
    }
    Args.push_back(File.str());
    return {CompileCommand(Dir, File, std::move(Args), "")};
  }
};

/// Gives commands that name no real compiler (`--` uses "clang-tool") this
/// LLVM's clang, so that libc++ is found beside it, and gives every command
/// this LLVM's builtin headers.
CommandLineArguments useThisToolchain(const CommandLineArguments &Args,
                                      llvm::StringRef) {
  CommandLineArguments Result = Args;
  if (Result.empty())
    return Result;
  if (Result[0] == "clang-tool")
    Result[0] = llvmTool("clang");
  bool HasResourceDir = llvm::any_of(
      Result, [](llvm::StringRef A) { return A.starts_with("-resource-dir"); });
  if (!HasResourceDir)
    Result.insert(Result.begin() + 1,
                  "-resource-dir=" DAEMON_TIDY_RESOURCE_DIR);
  return Result;
}

std::unique_ptr<CompilationDatabase>
loadFromBuildPath(llvm::StringRef BuildPath, std::string &Error) {
  llvm::SmallString<256> Json(BuildPath);
  if (llvm::sys::fs::is_directory(BuildPath))
    llvm::sys::path::append(Json, "compile_commands.json");
  else if (!llvm::sys::fs::exists(BuildPath)) {
    Error = ("build path '" + BuildPath + "' does not exist").str();
    return nullptr;
  }
  if (!llvm::sys::fs::exists(Json)) {
    // A directory with compile_flags.txt, as clang-tidy accepts.
    llvm::SmallString<256> Flags(BuildPath);
    llvm::sys::path::append(Flags, "compile_flags.txt");
    std::string FlagsError;
    if (llvm::sys::fs::exists(Flags))
      if (auto DB = tooling::FixedCompilationDatabase::loadFromFile(Flags,
                                                                    FlagsError))
        return DB;
    Error =
        ("no compile_commands.json or compile_flags.txt in '" + BuildPath + "'")
            .str();
    return nullptr;
  }
  std::string LoadError;
  std::unique_ptr<CompilationDatabase> DB =
      tooling::JSONCompilationDatabase::loadFromFile(
          Json, LoadError, tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB) {
    llvm::StringRef FirstLine = llvm::StringRef(LoadError).split('\n').first;
    Error =
        ("cannot read compilation database '" + Json + "': " + FirstLine).str();
    return nullptr;
  }
  return tooling::inferTargetAndDriverMode(
      tooling::inferMissingCompileCommands(std::move(DB)));
}

} // namespace

std::unique_ptr<CompilationDatabase>
selectCompilations(std::unique_ptr<CompilationDatabase> Fixed,
                   llvm::StringRef BuildPath,
                   llvm::ArrayRef<std::string> Sources,
                   llvm::ArrayRef<std::string> ExtraArgsBefore,
                   llvm::ArrayRef<std::string> ExtraArgs, bool &UsedDefaults,
                   std::string &Error) {
  UsedDefaults = false;
  std::unique_ptr<CompilationDatabase> DB = std::move(Fixed);
  if (!DB && !BuildPath.empty()) {
    DB = loadFromBuildPath(BuildPath, Error);
    if (!DB)
      return nullptr;
  }
  if (!DB && !Sources.empty()) {
    llvm::SmallString<256> First(Sources.front());
    llvm::sys::fs::make_absolute(First);
    std::string Ignored;
    DB = CompilationDatabase::autoDetectFromSource(First, Ignored);
  }
  if (!DB) {
    DB = std::make_unique<DefaultCompilations>();
    UsedDefaults = true;
  }

  auto Adjusted =
      std::make_unique<tooling::ArgumentsAdjustingCompilations>(std::move(DB));
  Adjusted->appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      CommandLineArguments(ExtraArgsBefore.begin(), ExtraArgsBefore.end()),
      tooling::ArgumentInsertPosition::BEGIN));
  Adjusted->appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      CommandLineArguments(ExtraArgs.begin(), ExtraArgs.end()),
      tooling::ArgumentInsertPosition::END));
  Adjusted->appendArgumentsAdjuster(useThisToolchain);
  return Adjusted;
}

} // namespace clang::tidy::daemon
