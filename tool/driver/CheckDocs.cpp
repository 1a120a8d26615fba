//===-- CheckDocs.cpp - the check doc pages, built in ---------------------===//

#include "CheckDocs.h"
#include "DaemonTidyConfig.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::daemon {

llvm::StringRef checkDocPage(llvm::StringRef Check) {
  return llvm::StringSwitch<llvm::StringRef>(Check)
#define DAEMON_CHECK_DOC(Name, Page) .Case(Name, Page)
#include "CheckDocs.inc"
#undef DAEMON_CHECK_DOC
      .Default("");
}

llvm::StringRef checkSummary(llvm::StringRef Check) {
  return llvm::StringSwitch<llvm::StringRef>(Check)
#define DAEMON_CHECK(Name, Class, Summary) .Case(Name, Summary)
#include "Checks.def"
      .Default("");
}

std::string whatItFinds(llvm::StringRef Page) {
  size_t Start = Page.find("## What it finds");
  if (Start == llvm::StringRef::npos)
    return "";
  llvm::StringRef Section = Page.substr(Start).split('\n').second.ltrim();
  llvm::StringRef Paragraph = Section.split("\n\n").first;
  std::string Text;
  for (llvm::StringRef Line : llvm::split(Paragraph, '\n')) {
    if (!Text.empty())
      Text += ' ';
    Text += Line.trim().str();
  }
  return Text;
}

std::string checkDocUrl(llvm::StringRef Check) {
  return (llvm::Twine(DAEMON_TIDY_DOCS_URL "/checks/") + Check + ".md").str();
}

} // namespace clang::tidy::daemon
