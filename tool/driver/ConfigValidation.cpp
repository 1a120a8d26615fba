//===-- ConfigValidation.cpp - one-line errors for bad configuration ------===//

#include "ConfigValidation.h"
#include "ExitCodes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

namespace clang::tidy::daemon {

std::optional<ClangTidyOptions> parseConfigOrReport(llvm::StringRef Text,
                                                    llvm::StringRef Source) {
  std::string FirstError;
  auto KeepFirstError = [&](const llvm::SMDiagnostic &D) {
    if (D.getKind() != llvm::SourceMgr::DK_Error || !FirstError.empty())
      return;
    FirstError = (llvm::Twine(Source) + ":" + llvm::Twine(D.getLineNo()) + ":" +
                  llvm::Twine(D.getColumnNo() + 1) + ": " + D.getMessage())
                     .str();
  };
  llvm::ErrorOr<ClangTidyOptions> Parsed = parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Source), KeepFirstError);
  if (Parsed)
    return *Parsed;
  if (FirstError.empty())
    FirstError = (Source + ": " + Parsed.getError().message()).str();
  printError("invalid configuration: " + FirstError);
  return std::nullopt;
}

bool validateConfigFiles(llvm::ArrayRef<std::string> Sources) {
  llvm::StringSet<> Seen;
  for (const std::string &Source : Sources) {
    llvm::SmallString<256> Dir(Source);
    llvm::sys::fs::make_absolute(Dir);
    llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
    llvm::sys::path::remove_filename(Dir);
    for (; !Dir.empty(); Dir.resize(llvm::sys::path::parent_path(Dir).size())) {
      llvm::SmallString<256> File(Dir);
      llvm::sys::path::append(File, ".clang-tidy");
      if (!llvm::sys::fs::is_regular_file(File))
        continue;
      if (!Seen.insert(File).second)
        break;
      auto Buffer = llvm::MemoryBuffer::getFile(File);
      if (!Buffer) {
        printError("cannot read '" + File +
                   "': " + Buffer.getError().message());
        return false;
      }
      std::optional<ClangTidyOptions> Parsed =
          parseConfigOrReport((*Buffer)->getBuffer(), File);
      if (!Parsed)
        return false;
      if (!Parsed->InheritParentConfig.value_or(false))
        break;
    }
  }
  return true;
}

} // namespace clang::tidy::daemon
