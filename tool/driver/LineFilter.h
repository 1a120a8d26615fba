//===-- LineFilter.h - the --line-filter option -----------------*- C++ -*-===//
//
// clang-tidy's --line-filter: a JSON list of files and line ranges outside
// which diagnostics are dropped, as clang-tidy-diff and run-clang-tidy pass
// it.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_LINEFILTER_H
#define DAEMON_TIDY_DRIVER_LINEFILTER_H

#include "clang-tidy/ClangTidyOptions.h"

namespace clang::tidy::daemon {

/// Reads \p Text, `[{"name": "file.cpp", "lines": [[1, 3], ...]}, ...]`,
/// into \p Global; an entry without "lines" keeps the whole file. Prints
/// one line and returns false when it is malformed. (clang-tidy's own
/// parseLineFilter() reads the format as YAML and reports over several
/// lines.)
bool parseLineFilterOption(llvm::StringRef Text,
                           ClangTidyGlobalOptions &Global);

} // namespace clang::tidy::daemon

#endif
