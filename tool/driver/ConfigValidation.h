//===-- ConfigValidation.h - one-line errors for bad configuration -*- C++ -*-//

#ifndef DAEMON_TIDY_DRIVER_CONFIGVALIDATION_H
#define DAEMON_TIDY_DRIVER_CONFIGVALIDATION_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include <optional>
#include <string>

namespace clang::tidy::daemon {

/// Parses configuration text from \p Source (a file name, or a description
/// such as "--config"). On malformed input prints one error line naming
/// \p Source and the first problem, and returns std::nullopt.
std::optional<ClangTidyOptions> parseConfigOrReport(llvm::StringRef Text,
                                                    llvm::StringRef Source);

/// Checks every `.clang-tidy` that clang-tidy would read for \p Sources
/// (the nearest one above each file, and its parents while they are
/// inherited). Returns false after reporting the first malformed one.
bool validateConfigFiles(llvm::ArrayRef<std::string> Sources);

/// Reports the first invalid check option value among \p Errors (the
/// checks' "clang-tidy-config" diagnostics, such as a SpawnerFunctions entry
/// without an argument index) as one error line naming the configuration
/// that set it: a `.clang-tidy` file as \p Provider lists it for \p File,
/// or \p CommandLineConfig ("--config" or the --config-file name). Returns
/// whether it reported one.
bool reportCheckOptionErrors(llvm::ArrayRef<ClangTidyError> Errors,
                             ClangTidyOptionsProvider &Provider,
                             llvm::StringRef File,
                             llvm::StringRef CommandLineConfig);

} // namespace clang::tidy::daemon

#endif
