//===-- TuResults.cpp - one translation unit's diagnostics on disk --------===//

#include "TuResults.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/Support/MemoryBuffer.h"

namespace clang::tidy::daemon {
namespace {

/// The name clang-tidy gives compile errors; any other diagnostic at error
/// level is a warning that --warnings-as-errors promoted.
const char *const CompileError = "clang-diagnostic-error";

} // namespace

bool writeTuResults(llvm::StringRef Path, llvm::StringRef MainFile,
                    llvm::ArrayRef<ClangTidyError> Errors) {
  tooling::TranslationUnitDiagnostics TU;
  TU.MainSourceFile = MainFile.str();
  for (const ClangTidyError &E : Errors) {
    tooling::Diagnostic D = E;
    if (E.IsWarningAsError)
      D.DiagLevel = tooling::Diagnostic::Error;
    TU.Diagnostics.push_back(std::move(D));
  }
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return false;
  llvm::yaml::Output YAML(OS);
  YAML << TU;
  return !OS.has_error();
}

std::optional<std::vector<ClangTidyError>> readTuResults(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return std::nullopt;
  tooling::TranslationUnitDiagnostics TU;
  llvm::yaml::Input YAML((*Buffer)->getBuffer());
  YAML >> TU;
  if (YAML.error())
    return std::nullopt;
  std::vector<ClangTidyError> Errors;
  for (const tooling::Diagnostic &D : TU.Diagnostics) {
    bool Promoted = D.DiagLevel == tooling::Diagnostic::Error &&
                    D.DiagnosticName != CompileError;
    ClangTidyError E(D.DiagnosticName,
                     Promoted ? tooling::Diagnostic::Warning : D.DiagLevel,
                     D.BuildDirectory, Promoted);
    E.Message = D.Message;
    E.Notes = D.Notes;
    Errors.push_back(std::move(E));
  }
  return Errors;
}

} // namespace clang::tidy::daemon
