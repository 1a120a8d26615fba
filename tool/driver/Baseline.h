//===-- Baseline.h - findings accepted as they are --------------*- C++ -*-===//
//
// A baseline lists the fingerprints of findings a project has accepted, so
// that CI reports only new ones. The fingerprints are the SARIF results'
// (Findings.h), which survive edits elsewhere in the file.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_BASELINE_H
#define DAEMON_TIDY_DRIVER_BASELINE_H

#include "Findings.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include <optional>

namespace clang::tidy::daemon {

/// The baseline file of \p Findings: a JSON object whose "findings" name
/// each finding's fingerprint, check, file and message.
llvm::json::Value baselineOf(llvm::ArrayRef<Finding> Findings);

/// The fingerprints in the baseline file \p Path. Prints one line and
/// returns nothing when it cannot be read or is not a baseline.
std::optional<llvm::StringSet<>> readBaseline(llvm::StringRef Path);

} // namespace clang::tidy::daemon

#endif
