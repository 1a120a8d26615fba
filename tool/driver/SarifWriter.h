//===-- SarifWriter.h - findings as SARIF 2.1.0 -----------------*- C++ -*-===//
//
// The SARIF log that GitHub code scanning and other viewers read: one run of
// daemon-tidy with a rule per check (help from the embedded doc pages) and a
// result per finding, its notes as related locations and as a code flow.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_SARIFWRITER_H
#define DAEMON_TIDY_DRIVER_SARIFWRITER_H

#include "Findings.h"
#include "llvm/Support/JSON.h"

namespace clang::tidy::daemon {

/// The SARIF log of \p Findings. Paths under \p Root are relative to the
/// base id %SRCROOT%, which the run maps to \p Root.
llvm::json::Value sarifLog(llvm::ArrayRef<Finding> Findings,
                           llvm::StringRef Root);

/// How many places of \p Findings that the SARIF shows are outside the
/// source root, and so get absolute file:// URIs.
unsigned locationsOutsideRoot(llvm::ArrayRef<Finding> Findings);

} // namespace clang::tidy::daemon

#endif
