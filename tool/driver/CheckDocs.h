//===-- CheckDocs.h - the check doc pages, built in -------------*- C++ -*-===//
//
// Each check's doc page (docs/checks/<check>.md), embedded at build time so
// that the SARIF rules carry their help wherever daemon-tidy is installed.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_CHECKDOCS_H
#define DAEMON_TIDY_DRIVER_CHECKDOCS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang::tidy::daemon {

/// The Markdown doc page of \p Check, or an empty string if it has none.
llvm::StringRef checkDocPage(llvm::StringRef Check);

/// The one-line summary of \p Check from Checks.def, or an empty string.
llvm::StringRef checkSummary(llvm::StringRef Check);

/// The first paragraph of the "What it finds" section of \p Page, on one
/// line, with the list it leads into when it does not end a sentence.
std::string whatItFinds(llvm::StringRef Page);

/// Where the doc page of \p Check is published: under the docs URL set at
/// build time (DAEMON_TIDY_DOCS_URL), or empty when none was set.
std::string checkDocUrl(llvm::StringRef Check);

/// A file:// URL of the doc page of \p Check as installed beside this
/// executable (<prefix>/share/doc/daemon-tidy/docs/checks), or empty when
/// it is not there.
std::string installedCheckDoc(llvm::StringRef Check);

} // namespace clang::tidy::daemon

#endif
