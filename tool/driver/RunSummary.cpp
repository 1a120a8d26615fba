//===-- RunSummary.cpp - the line that ends a run -------------------------===//

#include "RunSummary.h"
#include "TuResults.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

namespace clang::tidy::daemon {
namespace {

std::string counted(unsigned N, llvm::StringRef What) {
  return (llvm::Twine(N) + " " + What + (N == 1 ? "" : "s")).str();
}

} // namespace

std::string RunSummary::line(llvm::ArrayRef<ClangTidyError> Reported) const {
  std::map<std::string, unsigned> ByCheck;
  unsigned Findings = 0;
  for (const ClangTidyError &E : Reported)
    if (!isCompileError(E) &&
        !llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic-")) {
      ++ByCheck[E.DiagnosticName];
      ++Findings;
    }
  std::chrono::duration<double> Elapsed =
      std::chrono::steady_clock::now() - Start;
  std::string Line;
  llvm::raw_string_ostream OS(Line);
  OS << "daemon-tidy: " << counted(Files, "file") << " analysed in "
     << llvm::format("%.1f", Elapsed.count()) << "s: ";
  if (Findings == 0) {
    OS << "no findings";
  } else {
    OS << counted(Findings, "finding") << " (";
    llvm::StringRef Separator;
    for (const auto &[Check, Count] : ByCheck) {
      OS << Separator << Check << ": " << Count;
      Separator = ", ";
    }
    OS << ")";
  }
  OS << ", " << SuppressedByNolint << " suppressed by NOLINT, "
     << SuppressedByBaseline << " by the baseline, "
     << counted(FailedFiles, "file") << " failed";
  if (!WholeProgram.empty())
    OS << "; " << WholeProgram;
  return Line;
}

} // namespace clang::tidy::daemon
