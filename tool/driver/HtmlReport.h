//===-- HtmlReport.h - findings as a static HTML page -----------*- C++ -*-===//
//
// A self-contained page (no scripts, no network) for reviewing findings: an
// index by check and by file, then each finding as numbered steps, the
// warning and each note with the source around it, in the manner of the
// Clang Static Analyzer's path reports.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_HTMLREPORT_H
#define DAEMON_TIDY_DRIVER_HTMLREPORT_H

#include "Findings.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::daemon {

/// Writes the report page of \p Findings to \p OS.
void writeHtmlReport(llvm::ArrayRef<Finding> Findings, llvm::raw_ostream &OS);

} // namespace clang::tidy::daemon

#endif
