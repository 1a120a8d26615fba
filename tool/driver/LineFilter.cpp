//===-- LineFilter.cpp - the --line-filter option -------------------------===//

#include "LineFilter.h"
#include "ExitCodes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include <limits>

namespace clang::tidy::daemon {
namespace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

const char *const Expected = "expected [{\"name\": \"file\", \"lines\": "
                             "[[first, last], ...]}, ...]";

/// A `[first, last]` pair of line numbers.
std::optional<FileFilter::LineRange> rangeOf(const Value &Range) {
  const Array *Pair = Range.getAsArray();
  if (!Pair || Pair->size() != 2)
    return std::nullopt;
  std::optional<int64_t> First = (*Pair)[0].getAsInteger();
  std::optional<int64_t> Last = (*Pair)[1].getAsInteger();
  auto IsLine = [](std::optional<int64_t> N) {
    return N && *N >= 0 && *N <= std::numeric_limits<unsigned>::max();
  };
  if (!IsLine(First) || !IsLine(Last))
    return std::nullopt;
  return FileFilter::LineRange(*First, *Last);
}

std::optional<FileFilter> fileFilterOf(const Value &Entry) {
  const Object *File = Entry.getAsObject();
  if (!File || llvm::any_of(*File, [](const auto &Member) {
        return Member.first != "name" && Member.first != "lines";
      }))
    return std::nullopt;
  std::optional<llvm::StringRef> Name = File->getString("name");
  if (!Name)
    return std::nullopt;
  FileFilter Filter;
  Filter.Name = Name->str();
  if (const Value *Lines = File->get("lines")) {
    const Array *Ranges = Lines->getAsArray();
    if (!Ranges)
      return std::nullopt;
    for (const Value &Range : *Ranges) {
      std::optional<FileFilter::LineRange> Parsed = rangeOf(Range);
      if (!Parsed)
        return std::nullopt;
      Filter.LineRanges.push_back(*Parsed);
    }
  }
  return Filter;
}

} // namespace

bool parseLineFilterOption(llvm::StringRef Text,
                           ClangTidyGlobalOptions &Global) {
  llvm::Expected<Value> Parsed = llvm::json::parse(Text);
  if (!Parsed) {
    printError("invalid --line-filter: " + llvm::toString(Parsed.takeError()));
    return false;
  }
  const Array *Files = Parsed->getAsArray();
  if (!Files) {
    printError(llvm::Twine("invalid --line-filter: ") + Expected);
    return false;
  }
  for (const Value &Entry : *Files) {
    std::optional<FileFilter> Filter = fileFilterOf(Entry);
    if (!Filter) {
      printError(llvm::Twine("invalid --line-filter: ") + Expected);
      return false;
    }
    Global.LineFilter.push_back(std::move(*Filter));
  }
  return true;
}

} // namespace clang::tidy::daemon
