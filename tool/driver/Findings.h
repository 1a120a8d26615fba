//===-- Findings.h - diagnostics resolved for the report writers -*- C++
//-*-===//
//
// clang-tidy's diagnostics name places by file and byte offset. The SARIF and
// HTML writers and the baseline need lines, columns, the text of the line and
// paths relative to the source root; a Finding carries all of that, plus the
// fingerprint that stays the same when unrelated lines move.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_FINDINGS_H
#define DAEMON_TIDY_DRIVER_FINDINGS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include <string>
#include <vector>

namespace clang::tidy::daemon {

/// One place a finding points at: its warning or one of its notes.
struct FindingLocation {
  std::string Message;
  /// The absolute path of the file; empty when the diagnostic has no place.
  std::string Path;
  /// The path relative to the source root, with '/' separators; empty when
  /// the file is outside the root.
  std::string RelativePath;
  /// 1-based line and byte column, as clang prints them.
  unsigned Line = 0;
  unsigned Column = 0;
  /// 1-based column in Unicode code points, as SARIF counts them.
  unsigned CharColumn = 0;
  /// The text of the line, without its line break.
  std::string LineText;
  /// Whether the file is one of the system's or the compiler's headers
  /// (under /usr/include, /usr/local/include or /usr/lib).
  bool SystemHeader = false;
  /// Whether this is a note that a macro was expanded here.
  bool MacroExpansion = false;

  /// The relative path when there is one, else the absolute path.
  llvm::StringRef displayPath() const {
    return RelativePath.empty() ? Path : RelativePath;
  }
};

/// Whether \p Location is a step worth showing in a report's chain: not a
/// note that only says a macro of a system header was expanded there.
inline bool isChainStep(const FindingLocation &Location) {
  return !(Location.MacroExpansion && Location.SystemHeader);
}

/// A warning (or error) with the notes that walk to its cause.
struct Finding {
  std::string Check;
  /// Promoted by --warnings-as-errors, or a compile error.
  bool IsError = false;
  FindingLocation Warning;
  std::vector<FindingLocation> Notes;
  /// Hash of the check, the relative path, the normalized text of the
  /// warning's line and the message, then ":<n>" counting equal hashes.
  /// Line numbers are left out so that unrelated edits keep it stable.
  std::string Fingerprint;
};

/// The files findings point into, each read once.
class SourceFiles {
public:
  /// The contents of \p Path, or an empty string if it cannot be read.
  llvm::StringRef contents(llvm::StringRef Path);

private:
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Buffers;
};

/// Drops diagnostics that an earlier one repeats (same check, message, file
/// and offset), as a header's warning does in every file that includes it.
void removeDuplicates(std::vector<ClangTidyError> &Errors);

/// Sorts \p Errors by file and offset; those at the same place keep their
/// order.
void sortByPlace(std::vector<ClangTidyError> &Errors);

/// Resolves \p Errors against the files as they are now; \p Root is the
/// absolute source root that relative paths and fingerprints use.
std::vector<Finding> collectFindings(llvm::ArrayRef<ClangTidyError> Errors,
                                     llvm::StringRef Root);

/// The absolute, real form of \p Path (made absolute against \p Base when
/// relative).
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "");

} // namespace clang::tidy::daemon

#endif
