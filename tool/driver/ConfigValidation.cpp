//===-- ConfigValidation.cpp - one-line errors for bad configuration ------===//

#include "ConfigValidation.h"
#include "ExitCodes.h"
#include "TidyCompat.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

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

namespace {

/// Lends a provider to a second context without giving it away.
class BorrowedOptions : public ClangTidyOptionsProvider {
public:
  explicit BorrowedOptions(ClangTidyOptionsProvider &Inner) : Inner(Inner) {}
  const ClangTidyGlobalOptions &getGlobalOptions() override {
    return Inner.getGlobalOptions();
  }
  std::vector<OptionsSource> getRawOptions(llvm::StringRef File) override {
    return Inner.getRawOptions(File);
  }

private:
  ClangTidyOptionsProvider &Inner;
};

/// Keeps the text of each diagnostic.
class MessageCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    Messages.push_back(std::string(Text));
  }
  std::vector<std::string> Messages;
};

/// The registered checks' factories and a context to create them in,
/// outside an analysis, with the diagnostics of creating them collected.
struct CheckCreation {
  explicit CheckCreation(std::unique_ptr<ClangTidyOptionsProvider> Options)
      : Context(makeContext(std::move(Options))),
        Engine(attachDiagnostics(*Context, Collector)) {
    for (const auto &Module : ClangTidyModuleRegistry::entries())
      Module.instantiate()->addCheckFactories(Factories);
  }

  ClangTidyCheckFactories Factories;
  MessageCollector Collector;
  std::unique_ptr<ClangTidyContext> Context;
  std::unique_ptr<DiagnosticsEngine> Engine;
};

/// Whether a configuration source of \p Sources sets a check option:
/// without one, every check reads its defaults, and they are valid.
bool setsCheckOptions(ClangTidyOptionsProvider &Provider,
                      llvm::ArrayRef<std::string> Sources) {
  for (const std::string &Source : Sources) {
    llvm::SmallString<256> File(Source);
    llvm::sys::fs::make_absolute(File);
    for (const auto &Raw : Provider.getRawOptions(File))
      if (!Raw.first.CheckOptions.empty())
        return true;
  }
  return false;
}

} // namespace

bool validateCheckOptions(ClangTidyOptionsProvider &Provider,
                          llvm::ArrayRef<std::string> Sources,
                          llvm::StringRef CommandLineConfig) {
  if (!setsCheckOptions(Provider, Sources))
    return true;
  CheckCreation Creation(std::make_unique<BorrowedOptions>(Provider));
  for (const std::string &Source : Sources) {
    llvm::SmallString<256> File(Source);
    llvm::sys::fs::make_absolute(File);
    Creation.Context->setCurrentFile(File);
    // Constructing a check reads its options and reports bad values.
    Creation.Factories.createChecks(Creation.Context.get());
    if (Creation.Collector.Messages.empty())
      continue;
    llvm::StringRef Message = Creation.Collector.Messages.front();
    std::string Where =
        optionSource(Message, Provider.getRawOptions(File), CommandLineConfig);
    printError("invalid configuration: " + (Where.empty() ? "" : Where + ": ") +
               Message);
    return false;
  }
  return true;
}

void warnUnknownCheckOptions(ClangTidyOptionsProvider &Provider,
                             llvm::ArrayRef<std::string> Sources,
                             llvm::StringRef CommandLineConfig) {
  if (!setsCheckOptions(Provider, Sources))
    return;
  // The valid keys are what the checks store, each created with the
  // default options.
  CheckCreation Creation(std::make_unique<DefaultOptionsProvider>(
      ClangTidyGlobalOptions(), ClangTidyOptions()));
  Creation.Context->setCurrentFile("daemon-tidy-options.cpp");
  ClangTidyOptions::OptionMap Stored;
  for (const auto &Factory : Creation.Factories)
    if (Factory.getKey().starts_with("daemon-"))
      Factory.getValue()(Factory.getKey(), Creation.Context.get())
          ->storeOptions(Stored);
  std::vector<llvm::StringRef> Valid;
  for (const auto &Option : Stored)
    Valid.push_back(Option.getKey());
  llvm::sort(Valid);

  llvm::StringSet<> Reported;
  for (const std::string &Source : Sources) {
    llvm::SmallString<256> File(Source);
    llvm::sys::fs::make_absolute(File);
    for (const auto &Raw : Provider.getRawOptions(File)) {
      std::vector<llvm::StringRef> Keys;
      for (const auto &Option : Raw.first.CheckOptions)
        if (Option.getKey().starts_with("daemon-") &&
            !Stored.count(Option.getKey()))
          Keys.push_back(Option.getKey());
      llvm::sort(Keys);
      std::string Where = describeSource(Raw, CommandLineConfig);
      for (llvm::StringRef Key : Keys)
        if (Reported.insert(Where + "\n" + Key.str()).second)
          printWarning("unknown option '" + Key + "' in " + Where +
                       "; did you mean '" + closestName(Key, Valid) + "'?");
    }
  }
}

std::string
describeSource(const ClangTidyOptionsProvider::OptionsSource &Source,
               llvm::StringRef CommandLineConfig) {
  std::string Name =
      Source.second ==
              ClangTidyOptionsProvider::OptionsSourceTypeConfigCommandLineOption
          ? CommandLineConfig.str()
          : Source.second;
  return llvm::StringRef(Name).starts_with("--") ? Name : "'" + Name + "'";
}

llvm::StringRef closestName(llvm::StringRef Name,
                            llvm::ArrayRef<llvm::StringRef> Candidates) {
  llvm::StringRef Best;
  unsigned BestDistance = ~0u;
  for (llvm::StringRef Candidate : Candidates) {
    unsigned Distance = Name.edit_distance(Candidate);
    if (Distance < BestDistance) {
      Best = Candidate;
      BestDistance = Distance;
    }
  }
  return Best;
}

} // namespace clang::tidy::daemon
