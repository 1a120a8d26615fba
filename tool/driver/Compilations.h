//===-- Compilations.h - where compile commands come from -------*- C++ -*-===//

#ifndef DAEMON_TIDY_DRIVER_COMPILATIONS_H
#define DAEMON_TIDY_DRIVER_COMPILATIONS_H

#include "clang/Tooling/CompilationDatabase.h"
#include <memory>
#include <string>

namespace clang::tidy::daemon {

/// Chooses the compile commands, in clang-tidy's order: the arguments after
/// `--` (\p Fixed), the database in \p BuildPath, a database found above the
/// first source file, and otherwise built-in defaults (C++17 for C++, C11
/// for C), which \p UsedDefaults reports. Adds \p ExtraArgsBefore and
/// \p ExtraArgs, and points commands without a usable compiler at this
/// LLVM's clang and resource directory. Returns null and sets \p Error when
/// the database named by \p BuildPath cannot be loaded.
std::unique_ptr<tooling::CompilationDatabase>
selectCompilations(std::unique_ptr<tooling::CompilationDatabase> Fixed,
                   llvm::StringRef BuildPath,
                   llvm::ArrayRef<std::string> Sources,
                   llvm::ArrayRef<std::string> ExtraArgsBefore,
                   llvm::ArrayRef<std::string> ExtraArgs, bool &UsedDefaults,
                   std::string &Error);

} // namespace clang::tidy::daemon

#endif
