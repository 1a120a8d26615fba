//===-- ReportOutputs.cpp - the report files of one run -------------------===//

#include "ReportOutputs.h"
#include "Baseline.h"
#include "ExitCodes.h"
#include "HtmlReport.h"
#include "SarifWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::daemon {
namespace {

std::unique_ptr<llvm::ToolOutputFile> openOutput(llvm::StringRef Path) {
  std::error_code EC;
  auto File =
      std::make_unique<llvm::ToolOutputFile>(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    printError("cannot write '" + Path + "': " + EC.message());
    return nullptr;
  }
  return File;
}

bool finish(llvm::ToolOutputFile &File) {
  File.os().flush();
  if (File.os().has_error()) {
    printError("cannot write '" + File.getFilename() +
               "': " + File.os().error().message());
    File.os().clear_error();
    return false;
  }
  File.keep();
  return true;
}

} // namespace

bool ReportOutputs::open(llvm::StringRef Format, llvm::StringRef Output,
                         llvm::StringRef WriteBaseline) {
  this->Format = Format.str();
  if (Format != "text" && Format != "sarif" && Format != "html") {
    printError("unknown --format '" + Format + "'; use text, sarif or html");
    return false;
  }
  if (Format == "text" && !Output.empty()) {
    printError("--output needs --format=sarif or --format=html");
    return false;
  }
  if (Format != "text" && Output.empty()) {
    printError("--format=" + Format + " needs --output=<" +
               (Format == "html" ? "directory" : "file") + ">");
    return false;
  }
  if (Format == "sarif" && !(Report = openOutput(Output)))
    return false;
  if (Format == "html") {
    if (std::error_code EC = llvm::sys::fs::create_directories(Output)) {
      printError("cannot create directory '" + Output + "': " + EC.message());
      return false;
    }
    llvm::SmallString<256> Index(Output);
    llvm::sys::path::append(Index, "index.html");
    if (!(Report = openOutput(Index)))
      return false;
  }
  return WriteBaseline.empty() || (Baseline = openOutput(WriteBaseline));
}

bool ReportOutputs::write(llvm::ArrayRef<Finding> Findings,
                          llvm::StringRef Root) {
  if (Report) {
    if (Format == "sarif") {
      Report->os() << llvm::formatv("{0:2}\n", sarifLog(Findings, Root));
      if (unsigned Outside = locationsOutsideRoot(Findings))
        printWarning(llvm::Twine(Outside) + " location" +
                     (Outside == 1 ? " is" : "s are") +
                     " outside the source root '" + Root +
                     "' and get absolute file:// URIs in the SARIF; run "
                     "daemon-tidy from the repository root or pass "
                     "--source-root=<repository root>");
    } else
      writeHtmlReport(Findings, Report->os());
    if (!finish(*Report))
      return false;
  }
  if (Baseline) {
    Baseline->os() << llvm::formatv("{0:2}\n", baselineOf(Findings));
    if (!finish(*Baseline))
      return false;
  }
  return true;
}

} // namespace clang::tidy::daemon
