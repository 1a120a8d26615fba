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
/// into \p Global. Prints one line and returns false when it is malformed.
bool parseLineFilterOption(llvm::StringRef Text,
                           ClangTidyGlobalOptions &Global);

} // namespace clang::tidy::daemon

#endif
