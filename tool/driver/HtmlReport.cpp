//===-- HtmlReport.cpp - findings as a static HTML page -------------------===//

#include "HtmlReport.h"
#include "CheckDocs.h"
#include "DaemonTidyConfig.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include <map>

namespace clang::tidy::daemon {
namespace {

/// Lines of context shown above and below each step's line.
constexpr unsigned ContextLines = 2;

const char *const Style = R"css(
body { font-family: system-ui, sans-serif; margin: 2em; color: #1f2328; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.8em; text-align: left; }
.finding { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1em 1em;
           margin: 1.5em 0; }
.level { font-weight: bold; text-transform: uppercase; font-size: 0.8em; }
.level.warning { color: #9a6700; }
.level.error { color: #cf222e; }
.steps { padding-left: 1.5em; }
.step { margin-bottom: 1em; }
.where { color: #57606a; font-family: monospace; }
pre.excerpt { background: #f6f8fa; padding: 0.5em; overflow-x: auto;
              margin: 0.3em 0; }
pre.excerpt .current { background: #fff8c5; font-weight: bold;
                       display: inline-block; width: 100%; }
)css";

std::string escape(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string where(const FindingLocation &L) {
  return (L.displayPath() + ":" + llvm::Twine(L.Line) + ":" +
          llvm::Twine(L.Column))
      .str();
}

/// The lines around \p L, its own line marked.
void writeExcerpt(const FindingLocation &L, SourceFiles &Files,
                  llvm::raw_ostream &OS) {
  llvm::SmallVector<llvm::StringRef> Lines;
  Files.contents(L.Path).split(Lines, '\n');
  if (!Lines.empty() && Lines.back().empty())
    Lines.pop_back(); // After the last line break.
  if (L.Line == 0 || L.Line > Lines.size())
    return;
  unsigned First = L.Line > ContextLines ? L.Line - ContextLines : 1;
  unsigned Last = std::min<unsigned>(L.Line + ContextLines, Lines.size());
  OS << "<pre class=\"excerpt\">";
  for (unsigned N = First; N <= Last; ++N) {
    OS << "<span class=\"line" << (N == L.Line ? " current" : "") << "\">"
       << llvm::format("%5u", N) << " | " << escape(Lines[N - 1].rtrim("\r"))
       << "</span>\n";
  }
  OS << "</pre>\n";
}

void writeStep(const FindingLocation &L, SourceFiles &Files,
               llvm::raw_ostream &OS) {
  OS << "<li class=\"step\"><div class=\"step-message\">" << escape(L.Message)
     << "</div>\n";
  if (!L.Path.empty()) {
    OS << "<div class=\"where\">" << escape(where(L)) << "</div>\n";
    writeExcerpt(L, Files, OS);
  }
  OS << "</li>\n";
}

void writeFinding(const Finding &F, unsigned Id, SourceFiles &Files,
                  llvm::raw_ostream &OS) {
  const char *Level = F.IsError ? "error" : "warning";
  OS << "<section class=\"finding\" id=\"finding-" << Id << "\" data-check=\""
     << escape(F.Check) << "\">\n<h3><span class=\"level " << Level << "\">"
     << Level << "</span> " << escape(F.Warning.Message) << " ";
  std::string Doc = checkDocUrl(F.Check);
  if (Doc.empty())
    Doc = installedCheckDoc(F.Check);
  if (Doc.empty())
    OS << "<span class=\"check\">[" << escape(F.Check) << "]</span>";
  else
    OS << "<a class=\"check\" href=\"" << escape(Doc) << "\">["
       << escape(F.Check) << "]</a>";
  OS << "</h3>\n<ol class=\"steps\">\n";
  writeStep(F.Warning, Files, OS);
  for (const FindingLocation &Note : F.Notes)
    if (isChainStep(Note))
      writeStep(Note, Files, OS);
  OS << "</ol>\n</section>\n";
}

/// A table of \p Groups, each name with links to its findings.
void writeIndex(llvm::StringRef Title, llvm::StringRef Class,
                llvm::StringRef Column,
                const std::map<std::string, std::vector<unsigned>> &Groups,
                llvm::raw_ostream &OS) {
  OS << "<h2>" << Title << "</h2>\n<table class=\"" << Class << "\">\n<tr><th>"
     << Column << "</th><th>findings</th></tr>\n";
  for (const auto &[Name, Ids] : Groups) {
    OS << "<tr><td>" << escape(Name) << "</td><td>";
    for (unsigned Id : Ids)
      OS << "<a href=\"#finding-" << Id << "\">#" << Id << "</a> ";
    OS << "</td></tr>\n";
  }
  OS << "</table>\n";
}

} // namespace

void writeHtmlReport(llvm::ArrayRef<Finding> Findings, llvm::raw_ostream &OS) {
  std::map<std::string, std::vector<unsigned>> ByCheck, ByFile;
  for (unsigned I = 0; I < Findings.size(); ++I) {
    ByCheck[Findings[I].Check].push_back(I + 1);
    ByFile[Findings[I].Warning.displayPath().str()].push_back(I + 1);
  }
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
     << "<title>daemon-tidy report</title>\n<style>" << Style
     << "</style>\n</head>\n<body>\n<h1>daemon-tidy report</h1>\n"
     << "<p class=\"summary\">" << Findings.size() << " finding"
     << (Findings.size() == 1 ? "" : "s") << " in " << ByFile.size() << " file"
     << (ByFile.size() == 1 ? "" : "s") << "; daemon-tidy "
     << DAEMON_TIDY_VERSION << "</p>\n";
  writeIndex("By check", "by-check", "check", ByCheck, OS);
  writeIndex("By file", "by-file", "file", ByFile, OS);
  OS << "<h2>Findings</h2>\n";
  SourceFiles Files;
  for (unsigned I = 0; I < Findings.size(); ++I)
    writeFinding(Findings[I], I + 1, Files, OS);
  OS << "</body>\n</html>\n";
}

} // namespace clang::tidy::daemon
