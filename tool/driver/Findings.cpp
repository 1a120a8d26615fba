//===-- Findings.cpp - diagnostics resolved for the report writers --------===//

#include "Findings.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include <numeric>

namespace clang::tidy::daemon {
namespace {

FindingLocation resolve(const tooling::DiagnosticMessage &Message,
                        llvm::StringRef BuildDirectory, llvm::StringRef Root,
                        SourceFiles &Files) {
  FindingLocation Location;
  Location.Message = Message.Message;
  if (Message.FilePath.empty())
    return Location;
  Location.Path = absolutePath(Message.FilePath, BuildDirectory);
  Location.SystemHeader = llvm::any_of(
      llvm::ArrayRef<llvm::StringRef>{"/usr/include/", "/usr/local/include/",
                                      "/usr/lib/"},
      [&](llvm::StringRef Dir) {
        return llvm::StringRef(Location.Path).starts_with(Dir);
      });
  Location.MacroExpansion =
      llvm::StringRef(Message.Message).starts_with("expanded from macro");
  llvm::StringRef Path = Location.Path;
  if (Path.consume_front(Root) && llvm::sys::path::is_separator(Path.front()))
    Location.RelativePath =
        llvm::sys::path::convert_to_slash(Path.drop_front());

  llvm::StringRef Text = Files.contents(Location.Path);
  size_t Offset = std::min<size_t>(Message.FileOffset, Text.size());
  llvm::StringRef Before = Text.take_front(Offset);
  size_t LineStart = Before.rfind('\n') + 1; // npos + 1 is 0.
  Location.Line = Before.count('\n') + 1;
  Location.Column = Offset - LineStart + 1;
  Location.CharColumn = 1;
  for (char C : Before.drop_front(LineStart))
    if ((static_cast<unsigned char>(C) & 0xC0) != 0x80)
      ++Location.CharColumn;
  Location.LineText =
      Text.substr(LineStart).split('\n').first.rtrim("\r").str();
  return Location;
}

std::string fingerprintHash(const Finding &F) {
  std::string LineText;
  for (llvm::StringRef Word : llvm::split(F.Warning.LineText, ' '))
    if (!Word.trim().empty())
      LineText += Word.trim().str() + " ";
  llvm::SHA256 Hash;
  for (llvm::StringRef Part :
       {llvm::StringRef(F.Check), F.Warning.displayPath(),
        llvm::StringRef(LineText), llvm::StringRef(F.Warning.Message)}) {
    Hash.update(Part);
    Hash.update(llvm::ArrayRef<uint8_t>{0});
  }
  std::array<uint8_t, 32> Digest = Hash.final();
  return llvm::toHex(llvm::ArrayRef(Digest).take_front(16),
                     /*LowerCase=*/true);
}

} // namespace

llvm::StringRef SourceFiles::contents(llvm::StringRef Path) {
  auto [It, Inserted] = Buffers.try_emplace(Path);
  if (Inserted) {
    if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
      It->second = std::move(*Buffer);
  }
  return It->second ? It->second->getBuffer() : llvm::StringRef();
}

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Absolute(Path);
  if (!llvm::sys::path::is_absolute(Path) && !Base.empty()) {
    Absolute = Base;
    llvm::sys::path::append(Absolute, Path);
  }
  llvm::sys::fs::make_absolute(Absolute);
  llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Absolute, Real))
    return std::string(Real);
  return std::string(Absolute);
}

void removeDuplicates(std::vector<ClangTidyError> &Errors) {
  llvm::StringSet<> Seen;
  llvm::erase_if(Errors, [&](const ClangTidyError &E) {
    std::string Key = (E.DiagnosticName + "\n" + E.Message.Message + "\n" +
                       absolutePath(E.Message.FilePath, E.BuildDirectory) +
                       "\n" + llvm::Twine(E.Message.FileOffset))
                          .str();
    return !Seen.insert(Key).second;
  });
}

void sortByPlace(std::vector<ClangTidyError> &Errors) {
  // An index sort, not std::stable_sort: clang 22 warns that the latter's
  // temporary buffer (libstdc++ 12's get_temporary_buffer) is deprecated.
  std::vector<size_t> Order(Errors.size());
  std::iota(Order.begin(), Order.end(), 0);
  auto Place = [&](size_t I) {
    return std::tuple<const std::string &, unsigned, size_t>(
        Errors[I].Message.FilePath, Errors[I].Message.FileOffset, I);
  };
  llvm::sort(Order, [&](size_t L, size_t R) { return Place(L) < Place(R); });
  std::vector<ClangTidyError> Sorted;
  Sorted.reserve(Errors.size());
  for (size_t I : Order)
    Sorted.push_back(std::move(Errors[I]));
  Errors = std::move(Sorted);
}

std::vector<Finding> collectFindings(llvm::ArrayRef<ClangTidyError> Errors,
                                     llvm::StringRef Root) {
  SourceFiles Files;
  std::vector<Finding> Findings;
  llvm::StringMap<unsigned> Occurrences;
  for (const ClangTidyError &E : Errors) {
    Finding F;
    F.Check = E.DiagnosticName;
    F.IsError = E.IsWarningAsError || E.DiagLevel == tooling::Diagnostic::Error;
    F.Warning = resolve(E.Message, E.BuildDirectory, Root, Files);
    for (const tooling::DiagnosticMessage &Note : E.Notes)
      F.Notes.push_back(resolve(Note, E.BuildDirectory, Root, Files));
    std::string Hash = fingerprintHash(F);
    F.Fingerprint = Hash + ":" + std::to_string(++Occurrences[Hash]);
    Findings.push_back(std::move(F));
  }
  return Findings;
}

} // namespace clang::tidy::daemon
