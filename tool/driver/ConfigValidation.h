//===-- ConfigValidation.h - one-line errors for bad configuration -*- C++ -*-//

#ifndef DAEMON_TIDY_DRIVER_CONFIGVALIDATION_H
#define DAEMON_TIDY_DRIVER_CONFIGVALIDATION_H

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

/// Creates the enabled checks for each of \p Sources, as the analysis will,
/// and reports the first invalid check option value they find (such as a
/// SpawnerFunctions entry without an argument index; clang-tidy only warns)
/// as one error line naming the configuration that set it: a `.clang-tidy`
/// file, or \p CommandLineConfig ("--config" or the --config-file name).
/// Returns false when it reported one.
bool validateCheckOptions(ClangTidyOptionsProvider &Provider,
                          llvm::ArrayRef<std::string> Sources,
                          llvm::StringRef CommandLineConfig);

/// Warns once for each `CheckOptions` key of the configuration of
/// \p Sources that names a daemon-* check but is not one of the options the
/// daemon-* checks read, with the closest valid key.
void warnUnknownCheckOptions(ClangTidyOptionsProvider &Provider,
                             llvm::ArrayRef<std::string> Sources,
                             llvm::StringRef CommandLineConfig);

/// How messages name the configuration \p Source: its quoted file name, or
/// \p CommandLineConfig ("--config", or the --config-file name).
std::string
describeSource(const ClangTidyOptionsProvider::OptionsSource &Source,
               llvm::StringRef CommandLineConfig);

/// The one of \p Candidates closest to \p Name in edit distance (the first
/// on a tie); empty when there are none.
llvm::StringRef closestName(llvm::StringRef Name,
                            llvm::ArrayRef<llvm::StringRef> Candidates);

} // namespace clang::tidy::daemon

#endif
