//===-- CheckDocs.cpp - the check doc pages, built in ---------------------===//

#include "CheckDocs.h"
#include "DaemonTidyConfig.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

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

namespace {

/// Appends the lines of \p Block to \p Text as one line, without list
/// markers and bold.
void appendOneLine(llvm::StringRef Block, std::string &Text) {
  for (llvm::StringRef Line : llvm::split(Block, '\n')) {
    Line = Line.trim();
    Line.consume_front("- ");
    if (Line.empty())
      continue;
    if (!Text.empty())
      Text += ' ';
    Text += Line.str();
  }
  size_t Bold;
  while ((Bold = Text.find("**")) != std::string::npos)
    Text.erase(Bold, 2);
}

} // namespace

std::string whatItFinds(llvm::StringRef Page) {
  size_t Start = Page.find("## What it finds");
  if (Start == llvm::StringRef::npos)
    return "";
  llvm::StringRef Section = Page.substr(Start).split('\n').second.ltrim();
  auto [Paragraph, Rest] = Section.split("\n\n");
  std::string Text;
  appendOneLine(Paragraph, Text);
  // A paragraph that leads into a list ("... in one of these ways:") is
  // not a sentence without it.
  if (!llvm::StringRef(Text).ends_with(".") && Rest.ltrim().starts_with("- "))
    appendOneLine(Rest.ltrim().split("\n\n").first, Text);
  return Text;
}

std::string checkDocUrl(llvm::StringRef Check) {
  if (llvm::StringRef(DAEMON_TIDY_DOCS_URL).empty())
    return "";
  return (llvm::Twine(DAEMON_TIDY_DOCS_URL "/checks/") + Check + ".md").str();
}

std::string installedCheckDoc(llvm::StringRef Check) {
  // <prefix>/bin/daemon-tidy and <prefix>/share/doc/daemon-tidy/docs.
  static int Anchor;
  llvm::SmallString<256> Page(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(llvm::sys::fs::getMainExecutable(
          "daemon-tidy", reinterpret_cast<void *>(&Anchor)))));
  llvm::sys::path::append(Page, "share/doc/daemon-tidy/docs/checks",
                          Check + ".md");
  if (!llvm::sys::fs::exists(Page))
    return "";
  return "file://" + std::string(Page);
}

} // namespace clang::tidy::daemon
