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

/// Where the option that \p Message is about was set: the last source in
/// \p Sources that sets an option whose name the message mentions.
static std::string
optionSource(llvm::StringRef Message,
             llvm::ArrayRef<ClangTidyOptionsProvider::OptionsSource> Sources,
             llvm::StringRef CommandLineConfig) {
  for (const ClangTidyOptionsProvider::OptionsSource &Source :
       llvm::reverse(Sources))
    for (const auto &Option : Source.first.CheckOptions) {
      llvm::StringRef Name = Option.getKey().rsplit('.').second;
      if (Name.empty())
        Name = Option.getKey();
      if (!Message.contains(Name))
        continue;
      if (Source.second ==
          ClangTidyOptionsProvider::OptionsSourceTypeConfigCommandLineOption)
        return CommandLineConfig.str();
      return Source.second;
    }
  return "";
}

bool reportCheckOptionErrors(llvm::ArrayRef<ClangTidyError> Errors,
                             ClangTidyOptionsProvider &Provider,
                             llvm::StringRef File,
                             llvm::StringRef CommandLineConfig) {
  for (const ClangTidyError &Error : Errors) {
    if (Error.DiagnosticName != "clang-tidy-config")
      continue;
    llvm::StringRef Message = Error.Message.Message;
    std::string Source =
        optionSource(Message, Provider.getRawOptions(File), CommandLineConfig);
    printError("invalid configuration: " +
               (Source.empty() ? "" : Source + ": ") + Message);
    return true;
  }
  return false;
}

} // namespace clang::tidy::daemon
