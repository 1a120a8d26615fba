//===-- CheckSelection.cpp - daemon-tidy runs only its own checks ---------===//

#include "CheckSelection.h"
#include "ConfigValidation.h"
#include "ExitCodes.h"
#include "clang-tidy/GlobList.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"

namespace clang::tidy::daemon {
namespace {

using OptionsSource = ClangTidyOptionsProvider::OptionsSource;

llvm::ArrayRef<llvm::StringRef> daemonChecks() {
  static const llvm::StringRef Names[] = {
#define DAEMON_CHECK(Name, Class, Summary) Name,
#include "Checks.def"
  };
  return Names;
}

/// One glob of a `Checks` list.
struct CheckGlob {
  bool Positive;
  llvm::StringRef Pattern;
};

/// The globs of \p Checks, separated by commas or line breaks as clang-tidy
/// reads them.
llvm::SmallVector<CheckGlob> globsOf(llvm::StringRef Checks) {
  llvm::SmallVector<llvm::StringRef> Parts;
  llvm::SplitString(Checks, Parts, ",\n");
  llvm::SmallVector<CheckGlob> Globs;
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    bool Positive = !Part.consume_front("-");
    Part = Part.trim();
    if (!Part.empty())
      Globs.push_back({Positive, Part});
  }
  return Globs;
}

bool namesDaemonPattern(const CheckGlob &Glob) {
  return Glob.Pattern.starts_with("daemon-");
}

bool matchesADaemonCheck(const CheckGlob &Glob) {
  GlobList Single(Glob.Pattern);
  return llvm::any_of(daemonChecks(), [&](llvm::StringRef Name) {
    return Single.contains(Name);
  });
}

/// A `.clang-tidy` file, --config or --config-file: not daemon-tidy's
/// defaults and not --checks.
bool isConfiguration(const OptionsSource &Source) {
  return Source.second !=
             ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary &&
         Source.second !=
             ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption;
}

} // namespace

std::vector<ClangTidyOptionsProvider::OptionsSource>
DaemonChecksOnly::getRawOptions(llvm::StringRef File) {
  std::vector<OptionsSource> Sources = Inner->getRawOptions(File);
  bool ConfigurationSelects = llvm::any_of(Sources, [](const OptionsSource &S) {
    return isConfiguration(S) && S.first.Checks &&
           llvm::any_of(globsOf(*S.first.Checks), namesDaemonPattern);
  });
  std::string Selection;
  for (OptionsSource &Source : Sources) {
    if (Source.first.Checks &&
        (ConfigurationSelects || !isConfiguration(Source)))
      Selection += *Source.first.Checks + ",";
    Source.first.Checks.reset();
  }
  // clang-tidy asks several times per file; the globs compile to regexes.
  auto [Known, New] = Restrictions.try_emplace(Selection);
  if (New) {
    GlobList Enabled(Selection);
    llvm::SmallVector<llvm::StringRef> Names;
    for (llvm::StringRef Name : daemonChecks())
      if (Enabled.contains(Name))
        Names.push_back(Name);
    Known->second =
        Names.size() == daemonChecks().size()
            ? std::string("-*,daemon-*")
            : "-*" + (Names.empty() ? "" : "," + llvm::join(Names, ","));
  }
  ClangTidyOptions Restricted;
  Restricted.Checks = Known->second;
  Sources.emplace_back(std::move(Restricted), "daemon-tidy: daemon-* only");
  return Sources;
}

void reportCheckSelection(ClangTidyOptionsProvider &Provider,
                          llvm::ArrayRef<std::string> Files,
                          llvm::StringRef CommandLineConfig, bool Quiet) {
  llvm::StringSet<> Reported;
  auto Once = [&](const llvm::Twine &Key) {
    return Reported.insert(Key.str()).second;
  };
  for (const std::string &Path : Files) {
    llvm::SmallString<256> File(Path);
    llvm::sys::fs::make_absolute(File);
    for (const OptionsSource &Source : Provider.getRawOptions(File)) {
      if (!Source.first.Checks ||
          Source.second ==
              ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary)
        continue;
      bool FromChecksOption = !isConfiguration(Source);
      std::string Where = FromChecksOption
                              ? std::string("--checks")
                              : describeSource(Source, CommandLineConfig);
      llvm::SmallVector<llvm::StringRef> Foreign;
      for (const CheckGlob &Glob : globsOf(*Source.first.Checks)) {
        if (Glob.Positive && !namesDaemonPattern(Glob))
          Foreign.push_back(Glob.Pattern);
        if (matchesADaemonCheck(Glob) || !Once(Where + "\n" + Glob.Pattern))
          continue;
        if (namesDaemonPattern(Glob))
          printWarning("check pattern '" + Glob.Pattern + "' in " + Where +
                       " matches no check; did you mean '" +
                       closestName(Glob.Pattern, daemonChecks()) + "'?");
        else if (Glob.Positive && FromChecksOption)
          printWarning("check pattern '" + Glob.Pattern +
                       "' in --checks matches no check; daemon-tidy has only "
                       "the daemon-* checks");
      }
      if (!FromChecksOption && !Foreign.empty() && !Quiet &&
          Once("foreign\n" + Where))
        llvm::errs() << "daemon-tidy: note: " << Where
                     << " enables checks that daemon-tidy does not have ("
                     << llvm::join(Foreign, ", ")
                     << "); daemon-tidy runs only its daemon-* checks\n";
    }
  }
}

} // namespace clang::tidy::daemon
