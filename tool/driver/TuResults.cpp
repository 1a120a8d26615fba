//===-- TuResults.cpp - one translation unit's diagnostics on disk --------===//

#include "TuResults.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/MemoryBuffer.h"

namespace clang::tidy::daemon {
namespace {

/// The name clang-tidy gives compile errors; any other diagnostic at error
/// level is a warning that --warnings-as-errors promoted.
const char *const CompileError = "clang-diagnostic-error";

/// The second document of a results file.
struct Suppressed {
  unsigned Nolint = 0;
};

} // namespace
} // namespace clang::tidy::daemon

template <> struct llvm::yaml::MappingTraits<clang::tidy::daemon::Suppressed> {
  static void mapping(IO &IO, clang::tidy::daemon::Suppressed &S) {
    IO.mapRequired("SuppressedByNolint", S.Nolint);
  }
};

namespace clang::tidy::daemon {

bool writeTuResults(llvm::StringRef Path, llvm::StringRef MainFile,
                    llvm::ArrayRef<ClangTidyError> Errors,
                    const ClangTidyStats &Stats) {
  tooling::TranslationUnitDiagnostics TU;
  TU.MainSourceFile = MainFile.str();
  for (const ClangTidyError &E : Errors) {
    tooling::Diagnostic D = E;
    if (E.IsWarningAsError)
      D.DiagLevel = tooling::Diagnostic::Error;
    TU.Diagnostics.push_back(std::move(D));
  }
  Suppressed Counts;
  Counts.Nolint = Stats.ErrorsIgnoredNOLINT;
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return false;
  {
    llvm::yaml::Output YAML(OS);
    YAML << TU;
  }
  {
    llvm::yaml::Output YAML(OS);
    YAML << Counts;
  }
  return !OS.has_error();
}

std::optional<TuResults> readTuResults(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return std::nullopt;
  tooling::TranslationUnitDiagnostics TU;
  Suppressed Counts;
  llvm::yaml::Input YAML((*Buffer)->getBuffer());
  YAML >> TU;
  if (YAML.error() || !YAML.nextDocument())
    return std::nullopt;
  YAML >> Counts;
  if (YAML.error())
    return std::nullopt;
  TuResults Results;
  Results.SuppressedByNolint = Counts.Nolint;
  for (const tooling::Diagnostic &D : TU.Diagnostics) {
    bool Promoted = D.DiagLevel == tooling::Diagnostic::Error &&
                    D.DiagnosticName != CompileError;
    ClangTidyError E(D.DiagnosticName,
                     Promoted ? tooling::Diagnostic::Warning : D.DiagLevel,
                     D.BuildDirectory, Promoted);
    E.Message = D.Message;
    E.Notes = D.Notes;
    Results.Errors.push_back(std::move(E));
  }
  return Results;
}

bool isCompileError(const ClangTidyError &Error) {
  return Error.DiagLevel == tooling::Diagnostic::Error &&
         !Error.IsWarningAsError;
}

std::vector<std::string>
takeCommandErrors(std::vector<ClangTidyError> &Errors) {
  std::vector<std::string> Messages;
  llvm::erase_if(Errors, [&](const ClangTidyError &E) {
    if (!isCompileError(E) || !E.Message.FilePath.empty())
      return false;
    Messages.push_back(E.Message.Message);
    return true;
  });
  return Messages;
}

} // namespace clang::tidy::daemon
