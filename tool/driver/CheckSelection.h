//===-- CheckSelection.h - daemon-tidy runs only its own checks -*- C++ -*-===//
//
// A project's `.clang-tidy` is written for clang-tidy: its `Checks` may
// enable clang-tidy's own checks and may not mention the daemon-* checks at
// all. daemon-tidy runs only daemon-* checks, whatever a configuration
// enables, and a configuration whose `Checks` names no daemon-* pattern
// leaves the daemon-* selection alone. The clang-tidy plugin is not
// affected: there the user asked for clang-tidy.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_CHECKSELECTION_H
#define DAEMON_TIDY_DRIVER_CHECKSELECTION_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/StringMap.h"
#include <memory>

namespace clang::tidy::daemon {

/// The options of \p Inner with the check selection restricted to the
/// daemon-* checks. For each file, the configuration sources (`.clang-tidy`
/// files, --config, --config-file) take part in the selection only when one
/// of their `Checks` globs names a daemon-* pattern; the defaults and
/// --checks always do. The merged `Checks` is then the explicit list of the
/// enabled daemon-* checks ("-*,daemon-*" when all are).
class DaemonChecksOnly : public ClangTidyOptionsProvider {
public:
  explicit DaemonChecksOnly(std::unique_ptr<ClangTidyOptionsProvider> Inner)
      : Inner(std::move(Inner)) {}

  const ClangTidyGlobalOptions &getGlobalOptions() override {
    return Inner->getGlobalOptions();
  }
  std::vector<OptionsSource> getRawOptions(llvm::StringRef File) override;

  /// The provider before the restriction, as the configuration says.
  ClangTidyOptionsProvider &unrestricted() { return *Inner; }

private:
  std::unique_ptr<ClangTidyOptionsProvider> Inner;
  /// The daemon-* selection each combined `Checks` value makes.
  llvm::StringMap<std::string> Restrictions;
};

/// Reports, once per run, what the check selection of \p Files ignores or
/// cannot match, as read from the configuration sources of \p Provider
/// (the provider before DaemonChecksOnly restricts it):
/// - a warning for each `--checks` or `Checks` glob that names a daemon-*
///   pattern matching no check, with the closest check;
/// - a warning for each positive `--checks` glob that matches no daemon-*
///   check;
/// - unless \p Quiet, a note for each configuration source that enables
///   checks daemon-tidy does not have, naming the source.
/// \p CommandLineConfig names the configuration given on the command line
/// ("--config" or the --config-file name).
void reportCheckSelection(ClangTidyOptionsProvider &Provider,
                          llvm::ArrayRef<std::string> Files,
                          llvm::StringRef CommandLineConfig, bool Quiet);

} // namespace clang::tidy::daemon

#endif
