//===-- ReportOutputs.h - the report files of one run -----------*- C++ -*-===//
//
// --format=sarif|html with --output, and --write-baseline: checked and opened
// before the analysis, so that a bad format or path fails at once, and
// written from the findings after it.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_REPORTOUTPUTS_H
#define DAEMON_TIDY_DRIVER_REPORTOUTPUTS_H

#include "Findings.h"
#include "llvm/Support/ToolOutputFile.h"
#include <memory>

namespace clang::tidy::daemon {

/// The report files asked for on the command line.
class ReportOutputs {
public:
  /// Checks \p Format ("text", "sarif" or "html") and opens \p Output (a
  /// file for SARIF, a directory for HTML) and \p WriteBaseline when given.
  /// Prints one line and returns false on error.
  bool open(llvm::StringRef Format, llvm::StringRef Output,
            llvm::StringRef WriteBaseline);

  /// Whether any report needs the findings.
  bool any() const { return Report || Baseline; }

  /// Writes the reports of \p Findings; paths are relative to \p Root.
  /// Prints one line and returns false on a write error.
  bool write(llvm::ArrayRef<Finding> Findings, llvm::StringRef Root);

private:
  std::string Format;
  std::unique_ptr<llvm::ToolOutputFile> Report;
  std::unique_ptr<llvm::ToolOutputFile> Baseline;
};

} // namespace clang::tidy::daemon

#endif
