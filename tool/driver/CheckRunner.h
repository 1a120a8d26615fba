//===-- CheckRunner.h - running the daemon-* checks on files ----*- C++ -*-===//

#ifndef DAEMON_TIDY_DRIVER_CHECKRUNNER_H
#define DAEMON_TIDY_DRIVER_CHECKRUNNER_H

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <string>
#include <vector>

namespace clang::tidy::daemon {

/// Runs the enabled checks on \p Files, as clang-tidy's runClangTidy does,
/// and returns their findings and the compiler's diagnostics. The checks
/// run by daemon-tidy are its own, and each matches only the translation
/// unit, so each is handed the translation unit once instead of through a
/// matcher walk of every node of the AST, and the static analyzer's
/// checkers are never enumerated. \p FixNotes takes fixes from notes;
/// \p Quiet suppresses the compiler's "N warnings generated" lines where
/// the release supports it.
std::vector<ClangTidyError>
runChecks(ClangTidyContext &Context,
          const tooling::CompilationDatabase &Compilations,
          llvm::ArrayRef<std::string> Files,
          llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS,
          bool FixNotes, bool Quiet);

} // namespace clang::tidy::daemon

#endif
