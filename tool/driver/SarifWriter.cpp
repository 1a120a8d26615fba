//===-- SarifWriter.cpp - findings as SARIF 2.1.0 -------------------------===//

#include "SarifWriter.h"
#include "CheckDocs.h"
#include "DaemonTidyConfig.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::daemon {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

const char *const SourceRootId = "%SRCROOT%";

/// A message object. It owns its text: a json::Value made from a StringRef
/// only points at it.
Object text(std::string Text) { return Object{{"text", std::move(Text)}}; }

/// A file:// URI for an absolute path, percent-encoding what URIs reserve.
std::string fileUri(llvm::StringRef Path, bool IsDirectory) {
  std::string Uri = "file://";
  for (char C : llvm::sys::path::convert_to_slash(Path)) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  if (IsDirectory && !llvm::StringRef(Uri).ends_with("/"))
    Uri += '/';
  return Uri;
}

/// A relative URI: each path segment percent-encoded.
std::string relativeUri(llvm::StringRef Path) {
  std::string Uri = fileUri("/" + Path.str(), false);
  return Uri.substr(strlen("file:///"));
}

Object physicalLocation(const FindingLocation &L) {
  Object Artifact;
  if (L.RelativePath.empty()) {
    Artifact["uri"] = fileUri(L.Path, false);
  } else {
    Artifact["uri"] = relativeUri(L.RelativePath);
    Artifact["uriBaseId"] = SourceRootId;
  }
  return Object{
      {"artifactLocation", std::move(Artifact)},
      {"region", Object{{"startLine", L.Line}, {"startColumn", L.CharColumn}}}};
}

Object location(const FindingLocation &L) {
  return Object{{"physicalLocation", physicalLocation(L)},
                {"message", text(L.Message)}};
}

Object rule(llvm::StringRef Check) {
  llvm::StringRef Page = checkDocPage(Check);
  llvm::StringRef Summary = checkSummary(Check);
  std::string Short = Summary.empty() ? Check.str() : Summary.str();
  Object Rule{{"id", Check.str()}, {"shortDescription", text(Short)}};
  if (Page.empty())
    return Rule;
  Rule["fullDescription"] = text(whatItFinds(Page));
  Rule["help"] = Object{{"text", Page}, {"markdown", Page}};
  std::string Url = checkDocUrl(Check);
  if (!Url.empty())
    Rule["helpUri"] = std::move(Url);
  Rule["defaultConfiguration"] = Object{{"level", "warning"}};
  return Rule;
}

/// The rules: every registered check, in Checks.def's order, then any other
/// diagnostic the findings name (a compile error, say).
class Rules {
public:
  Rules() {
#define DAEMON_CHECK(Name, Class, Summary) indexOf(Name);
#include "Checks.def"
  }

  unsigned indexOf(llvm::StringRef Check) {
    auto [It, Inserted] = Index.try_emplace(Check, List.size());
    if (Inserted)
      List.push_back(rule(Check));
    return It->second;
  }

  Array take() { return std::move(List); }

private:
  llvm::StringMap<unsigned> Index;
  Array List;
};

Object result(const Finding &F, Rules &AllRules) {
  Object Result{{"ruleId", F.Check},
                {"ruleIndex", AllRules.indexOf(F.Check)},
                {"level", F.IsError ? "error" : "warning"},
                {"message", text(F.Warning.Message)},
                {"partialFingerprints",
                 Object{{"daemonTidyFingerprint/v1", F.Fingerprint}}}};
  if (F.Warning.Path.empty())
    return Result;
  Result["locations"] =
      Array{Object{{"physicalLocation", physicalLocation(F.Warning)}}};
  if (F.Notes.empty())
    return Result;
  // The notes twice: as related locations, and in order after the warning
  // as a code flow, which viewers show step by step.
  Array Related;
  Array Steps{Object{{"location", location(F.Warning)}}};
  unsigned Id = 0;
  for (const FindingLocation &Note : F.Notes) {
    // System headers get no file:// URIs: the reader has them elsewhere.
    if (Note.Path.empty() || Note.SystemHeader)
      continue;
    Object RelatedNote = location(Note);
    RelatedNote["id"] = ++Id;
    Related.push_back(std::move(RelatedNote));
    Steps.push_back(Object{{"location", location(Note)}});
  }
  Result["relatedLocations"] = std::move(Related);
  Result["codeFlows"] = Array{
      Object{{"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
  return Result;
}

} // namespace

unsigned locationsOutsideRoot(llvm::ArrayRef<Finding> Findings) {
  unsigned Outside = 0;
  auto Count = [&](const FindingLocation &L) {
    Outside += !L.Path.empty() && !L.SystemHeader && L.RelativePath.empty();
  };
  for (const Finding &F : Findings) {
    Count(F.Warning);
    llvm::for_each(F.Notes, Count);
  }
  return Outside;
}

Value sarifLog(llvm::ArrayRef<Finding> Findings, llvm::StringRef Root) {
  Rules AllRules;
  Array Results;
  for (const Finding &F : Findings)
    Results.push_back(result(F, AllRules));
  Object Driver{{"name", "daemon-tidy"},
                {"version", DAEMON_TIDY_VERSION},
                {"semanticVersion", DAEMON_TIDY_VERSION},
                {"rules", AllRules.take()}};
  if (!llvm::StringRef(DAEMON_TIDY_HOMEPAGE).empty())
    Driver["informationUri"] = DAEMON_TIDY_HOMEPAGE;
  Object Run{{"tool", Object{{"driver", std::move(Driver)}}},
             {"originalUriBaseIds",
              Object{{SourceRootId, Object{{"uri", fileUri(Root, true)}}}}},
             {"columnKind", "unicodeCodePoints"},
             {"results", std::move(Results)}};
  return Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Array{std::move(Run)}}};
}

} // namespace clang::tidy::daemon
