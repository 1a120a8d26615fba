//===-- DaemonTidyMain.cpp - the daemon-tidy command line -----------------===//
//
// clang-tidy's command line with daemon-tidy's defaults: only the daemon-*
// checks, compile defaults when there is no compilation database, one-line
// errors and the exit codes of ExitCodes.h.
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "CheckRunner.h"
#include "CheckSelection.h"
#include "Compilations.h"
#include "ConfigValidation.h"
#include "DaemonTidyConfig.h"
#include "ExitCodes.h"
#include "Findings.h"
#include "FixSafety.h"
#include "LineFilter.h"
#include "ProjectRunner.h"
#include "ReportOutputs.h"
#include "RunSummary.h"
#include "TidyCompat.h"
#include "TuResults.h"
#include "WholeProgram.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/GlobList.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <thread>

using namespace llvm;

namespace clang::tidy::daemon {
namespace {

cl::OptionCategory Category("daemon-tidy options");

cl::list<std::string> SourcePaths(cl::Positional,
                                  cl::desc("<source0> [... <sourceN>]"),
                                  cl::cat(Category));
cl::opt<std::string> BuildPath("p",
                               cl::desc("Build path: a directory with "
                                        "compile_commands.json"),
                               cl::cat(Category));
cl::list<std::string> ExtraArgs("extra-arg",
                                cl::desc("Additional argument to append to "
                                         "the compiler command line"),
                                cl::cat(Category));
cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Additional argument to prepend to the compiler command line"),
    cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Comma-separated list of globs of checks "
                                     "to run, after those of the "
                                     "configuration (default: -*,daemon-*)"),
                            cl::cat(Category));
cl::opt<std::string> WarningsAsErrors(
    "warnings-as-errors",
    cl::desc("Globs of checks whose warnings are errors (exit code 1)"),
    cl::cat(Category));
cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Regular expression of headers to report diagnostics from"),
    cl::cat(Category));
cl::opt<std::string> ExcludeHeaderFilter(
    "exclude-header-filter",
    cl::desc("Regular expression of headers not to report diagnostics from"),
    cl::cat(Category));
cl::opt<std::string> LineFilter(
    "line-filter",
    cl::desc("JSON list of files and line ranges to report diagnostics "
             "from, as in clang-tidy: [{\"name\":\"file.cpp\","
             "\"lines\":[[1,3]]}]"),
    cl::cat(Category));
cl::opt<bool> SystemHeaders("system-headers",
                            cl::desc("Report diagnostics from system headers"),
                            cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply suggested fixes"), cl::cat(Category));
cl::opt<bool> FixErrors("fix-errors",
                        cl::desc("Apply fixes even if there are compiler "
                                 "errors"),
                        cl::cat(Category));
cl::opt<bool> FixNotes("fix-notes",
                       cl::desc("Also apply fixes attached to notes"),
                       cl::cat(Category));
cl::opt<std::string> FormatStyle("format-style",
                                 cl::desc("Style for formatting fixes"),
                                 cl::init("none"), cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc("YAML file to store suggested fixes "
                                          "in"),
                                 cl::value_desc("filename"), cl::cat(Category));
cl::opt<std::string> Config("config",
                            cl::desc("Configuration in YAML, as in "
                                     ".clang-tidy; replaces the files"),
                            cl::cat(Category));
cl::opt<std::string> ConfigFile("config-file",
                                cl::desc("File to read the configuration "
                                         "from; replaces .clang-tidy files"),
                                cl::value_desc("filename"), cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks"),
                         cl::cat(Category));
cl::opt<bool> AllowNoChecks("allow-no-checks",
                            cl::desc("Exit 0, not 2, when no check is "
                                     "enabled"),
                            cl::cat(Category));
cl::opt<bool> DumpConfig("dump-config",
                         cl::desc("Print the effective configuration"),
                         cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("Print no statistics or notices"),
                    cl::cat(Category));
cl::opt<bool> UseColor("use-color", cl::desc("Colour diagnostics"),
                       cl::cat(Category));
cl::opt<std::string> Format("format",
                            cl::desc("Report format: text (default), sarif "
                                     "or html"),
                            cl::init("text"), cl::cat(Category));
cl::opt<std::string> Output("output",
                            cl::desc("The SARIF file, or the directory of the "
                                     "HTML report"),
                            cl::value_desc("path"), cl::cat(Category));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("Directory that report paths and fingerprints are relative to "
             "(default: the current directory)"),
    cl::value_desc("directory"), cl::cat(Category));
cl::opt<std::string> BaselineFile("baseline",
                                  cl::desc("Leave out the findings listed in "
                                           "this baseline file"),
                                  cl::value_desc("filename"),
                                  cl::cat(Category));
cl::opt<std::string> WriteBaseline("write-baseline",
                                   cl::desc("Write a baseline file listing "
                                            "the findings"),
                                   cl::value_desc("filename"),
                                   cl::cat(Category));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Files analysed at once when -p is given "
                                "without files (default: the number of "
                                "cores)"),
                       cl::init(0), cl::Prefix, cl::cat(Category));
cl::list<std::string>
    Exclude("exclude",
            cl::desc("In project mode, skip the files of the compilation "
                     "database whose absolute path matches this glob "
                     "(repeatable)"),
            cl::value_desc("glob"), cl::cat(Category));
cl::opt<bool> WholeProgramMode(
    "whole-program",
    cl::desc("In project mode, follow calls into other files through "
             "summaries of every file (default: true)"),
    cl::init(true), cl::cat(Category));
cl::opt<std::string> SummaryDir(
    "summary-dir",
    cl::desc("In project mode, the folder that keeps summaries, the index "
             "and cached findings (default: <build path>/.daemon-tidy)"),
    cl::value_desc("directory"), cl::cat(Category));
cl::opt<std::string> SummaryIndex(
    "summary-index",
    cl::desc("Follow calls into other files through this whole-program "
             "index (as the check option SummaryIndex does)"),
    cl::value_desc("filename"), cl::cat(Category));
cl::opt<std::string> ExportSummary(
    "export-summary",
    cl::desc("Also write the whole-program summary of the one source file "
             "to this file"),
    cl::value_desc("filename"), cl::cat(Category));
cl::opt<bool> MergeSummaries(
    "merge-summaries",
    cl::desc("Merge the summary files given as inputs into the index "
             "--output"),
    cl::cat(Category));
cl::opt<std::string>
    DumpSummary("dump-summary",
                cl::desc("Print a summary or index file as text, and exit"),
                cl::value_desc("filename"), cl::cat(Category));
cl::opt<std::string> ChildResults(ChildResultsOption, cl::ReallyHidden,
                                  cl::cat(Category));
cl::opt<uint64_t> ChildCommandHash(ChildCommandHashOption, cl::ReallyHidden,
                                   cl::cat(Category));
cl::opt<std::string> ChildIndexDeps(ChildIndexDepsOption, cl::ReallyHidden,
                                    cl::cat(Category));

const char *const DefaultChecks = "-*,daemon-*";

void printVersion(raw_ostream &OS) {
  OS << "daemon-tidy version " << DAEMON_TIDY_VERSION << "\n"
     << "  built with LLVM " << DAEMON_TIDY_LLVM_VERSION_STRING << "\n";
}

/// clang-tidy's options provider with daemon-tidy's default checks, limited
/// to the daemon-* checks. Returns null after reporting a malformed
/// --config, --config-file or --line-filter.
std::unique_ptr<DaemonChecksOnly>
createOptionsProvider(IntrusiveRefCntPtr<vfs::FileSystem> FS) {
  ClangTidyGlobalOptions Global;
  if (!LineFilter.empty() && !parseLineFilterOption(LineFilter, Global))
    return nullptr;
  ClangTidyOptions Defaults;
  Defaults.Checks = DefaultChecks;
  Defaults.WarningsAsErrors = "";
  Defaults.HeaderFilterRegex = HeaderFilter;
  Defaults.ExcludeHeaderFilterRegex = ExcludeHeaderFilter;
  Defaults.SystemHeaders = SystemHeaders;
  Defaults.FormatStyle = FormatStyle;
  Defaults.User = sys::Process::GetEnv("USER");

  ClangTidyOptions Overrides;
  if (Checks.getNumOccurrences())
    Overrides.Checks = Checks;
  if (WarningsAsErrors.getNumOccurrences())
    Overrides.WarningsAsErrors = WarningsAsErrors;
  if (HeaderFilter.getNumOccurrences())
    Overrides.HeaderFilterRegex = HeaderFilter;
  if (ExcludeHeaderFilter.getNumOccurrences())
    Overrides.ExcludeHeaderFilterRegex = ExcludeHeaderFilter;
  if (SystemHeaders.getNumOccurrences())
    Overrides.SystemHeaders = SystemHeaders;
  if (FormatStyle.getNumOccurrences())
    Overrides.FormatStyle = FormatStyle;
  if (UseColor.getNumOccurrences())
    Overrides.UseColor = UseColor;
  if (!SummaryIndex.empty())
    Overrides.CheckOptions["SummaryIndex"] =
        ClangTidyOptions::ClangTidyValue(absolutePath(SummaryIndex), 1000);

  std::optional<std::string> ConfigText;
  std::string ConfigSource;
  if (Config.getNumOccurrences()) {
    ConfigText = Config;
    ConfigSource = "--config";
  } else if (ConfigFile.getNumOccurrences()) {
    auto Buffer = MemoryBuffer::getFile(ConfigFile);
    if (!Buffer) {
      printError("cannot read '" + ConfigFile +
                 "': " + Buffer.getError().message());
      return nullptr;
    }
    ConfigText = (*Buffer)->getBuffer().str();
    ConfigSource = ConfigFile;
  }
  if (!ConfigText)
    return std::make_unique<DaemonChecksOnly>(
        std::make_unique<FileOptionsProvider>(
            std::move(Global), std::move(Defaults), std::move(Overrides),
            std::move(FS)));
  std::optional<ClangTidyOptions> Parsed =
      parseConfigOrReport(*ConfigText, ConfigSource);
  if (!Parsed)
    return nullptr;
  return std::make_unique<DaemonChecksOnly>(
      std::make_unique<ConfigOptionsProvider>(
          std::move(Global), std::move(Defaults), std::move(*Parsed),
          std::move(Overrides), std::move(FS)));
}

/// The error to report from Clang's parse of the compile command after
/// `--`, given its \p Messages and whether it gave a command (\p Parsed).
/// That parse adds a placeholder input, so with the `-o x.o -c x.cpp` that
/// CMake passes it complains about "-o with multiple outputs"; that is an
/// artefact of the parse, not of the user's command, as clang-tidy treats
/// it.
std::optional<StringRef> compileCommandError(StringRef Messages, bool Parsed) {
  SmallVector<StringRef, 4> Lines;
  Messages.split(Lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.contains("cannot specify -o when generating multiple output"))
      continue;
    if (Line.consume_front("error: ") || Line.consume_front("fatal error: ") ||
        !Parsed)
      return Line;
  }
  if (!Parsed && !Lines.empty())
    return StringRef("cannot parse the compile command after '--'");
  return std::nullopt;
}

/// Reports the first source path that is not a readable file.
bool checkSourcesExist() {
  for (const std::string &Path : SourcePaths) {
    if (sys::fs::is_directory(Path)) {
      printError("'" + Path + "' is a directory, not a source file");
      return false;
    }
    if (!sys::fs::exists(Path)) {
      printError("no such file: '" + Path + "'");
      return false;
    }
    int FD = -1;
    if (std::error_code EC = sys::fs::openFileForRead(Path, FD)) {
      printError("cannot read '" + Path + "': " + EC.message());
      return false;
    }
    sys::Process::SafelyCloseFileDescriptor(FD);
  }
  return true;
}

bool anyDaemonCheckEnabled(const ClangTidyOptions &Options) {
  GlobList Checks(Options.Checks.value_or(""));
  return false
#define DAEMON_CHECK(Name, Class, Summary) || Checks.contains(Name)
#include "Checks.def"
      ;
}

void printStats(const ClangTidyStats &Stats) {
  if (!Stats.errorsIgnored())
    return;
  errs() << "Suppressed " << Stats.errorsIgnored() << " warnings (";
  StringRef Separator;
  auto Part = [&](unsigned Count, StringRef What) {
    if (Count) {
      errs() << Separator << Count << " " << What;
      Separator = ", ";
    }
  };
  Part(Stats.ErrorsIgnoredNonUserCode, "in non-user code");
  Part(Stats.ErrorsIgnoredLineFilter, "due to line filter");
  Part(Stats.ErrorsIgnoredNOLINT, "NOLINT");
  Part(Stats.ErrorsIgnoredCheckFilter, "with check filters");
  errs() << ").\n";
}

/// Drops the files that match one of the --exclude globs. Returns false
/// after reporting a malformed glob.
bool excludeFiles(std::vector<std::string> &Files) {
  std::vector<GlobPattern> Globs;
  for (const std::string &Text : Exclude) {
    Expected<GlobPattern> Glob = GlobPattern::create(Text);
    if (!Glob) {
      printError("invalid --exclude glob '" + Text +
                 "': " + toString(Glob.takeError()));
      return false;
    }
    Globs.push_back(std::move(*Glob));
  }
  llvm::erase_if(Files, [&](const std::string &File) {
    return any_of(Globs,
                  [&](const GlobPattern &Glob) { return Glob.match(File); });
  });
  return true;
}

#ifdef DAEMON_TIDY_TEST_HOOKS
/// Test-only, compiled in with -DDAEMON_TIDY_TEST_HOOKS=ON: aborts before
/// analysing a file named $DAEMON_TIDY_TEST_CRASH_ON, as a bug in a check
/// would crash, so that the tests can crash one file of a project.
void crashIfTestAsks(ArrayRef<std::string> Files) {
  std::optional<std::string> Name =
      sys::Process::GetEnv("DAEMON_TIDY_TEST_CRASH_ON");
  if (Name && any_of(Files, [&](const std::string &File) {
        return sys::path::filename(File) == *Name;
      }))
    abort();
}
#endif

/// The options a project-mode child needs to analyse one file as this run
/// would.
std::vector<std::string> childArgs() {
  std::vector<std::string> Args = {"-p", BuildPath, "--quiet"};
  auto Pass = [&](const cl::opt<std::string> &Option) {
    if (Option.getNumOccurrences())
      Args.push_back(("--" + Option.ArgStr + "=" + Option.getValue()).str());
  };
  Pass(Checks);
  Pass(WarningsAsErrors);
  Pass(HeaderFilter);
  Pass(ExcludeHeaderFilter);
  Pass(LineFilter);
  Pass(Config);
  Pass(ConfigFile);
  if (SystemHeaders.getNumOccurrences())
    Args.push_back(SystemHeaders ? "--system-headers=true"
                                 : "--system-headers=false");
  if (FixNotes)
    Args.push_back("--fix-notes");
  for (const std::string &Arg : ExtraArgsBefore)
    Args.push_back("--extra-arg-before=" + Arg);
  for (const std::string &Arg : ExtraArgs)
    Args.push_back("--extra-arg=" + Arg);
  return Args;
}

/// Drops the findings \p Accepted lists; returns how many.
unsigned applyBaseline(const StringSet<> &Accepted,
                       std::vector<ClangTidyError> &Errors,
                       std::vector<Finding> &Findings) {
  std::vector<ClangTidyError> KeptErrors;
  std::vector<Finding> KeptFindings;
  for (size_t I = 0; I < Findings.size(); ++I) {
    if (Accepted.contains(Findings[I].Fingerprint))
      continue;
    KeptErrors.push_back(std::move(Errors[I]));
    KeptFindings.push_back(std::move(Findings[I]));
  }
  unsigned Dropped = Errors.size() - KeptErrors.size();
  Errors = std::move(KeptErrors);
  Findings = std::move(KeptFindings);
  return Dropped;
}

int run(int Argc, const char **Argv) {
  RunSummary Summary;
  std::string FixedError;
  std::unique_ptr<tooling::CompilationDatabase> Fixed =
      tooling::FixedCompilationDatabase::loadFromCommandLine(Argc, Argv,
                                                             FixedError);
  if (std::optional<StringRef> Error =
          compileCommandError(FixedError, Fixed != nullptr)) {
    printError(*Error);
    return ExitUsage;
  }
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  // LLVM's parser may add a second line ("Did you mean ...?"); keep one.
  std::string ParseErrors;
  raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "daemon-tidy: finds misuse of detached (daemon) threads.\n",
          &ParseErrorStream)) {
    StringRef First = StringRef(ParseErrorStream.str()).split('\n').first;
    First.consume_front("daemon-tidy: ");
    printError(First.trim());
    return ExitUsage;
  }
  if (Config.getNumOccurrences() && ConfigFile.getNumOccurrences()) {
    printError("--config and --config-file are mutually exclusive");
    return ExitUsage;
  }
  if (MergeSummaries)
    return mergeSummaries(SourcePaths, Output);
  if (!DumpSummary.empty())
    return dumpSummary(DumpSummary);

  // --config and --config-file replace the .clang-tidy files.
  bool ReadsConfigFiles =
      !Config.getNumOccurrences() && !ConfigFile.getNumOccurrences();
  // Listing checks or the configuration reads no source; run-clang-tidy
  // asks for the list with `-` as the file.
  bool ReadsSources = !ListChecks && !DumpConfig;
  if ((ReadsSources && !checkSourcesExist()) ||
      (ReadsConfigFiles && !validateConfigFiles(SourcePaths)))
    return ExitUsage;
  // What clang reads is hashed only by a run that may apply fixes, which
  // it refuses for files changed since.
  auto Reads = makeIntrusiveRefCnt<ReadRecorder>(vfs::getRealFileSystem());
  IntrusiveRefCntPtr<vfs::FileSystem> Sources = vfs::getRealFileSystem();
  if (Fix || FixErrors || FixNotes)
    Sources = Reads;
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(Sources));
  std::unique_ptr<DaemonChecksOnly> Provider = createOptionsProvider(BaseFS);
  if (!Provider)
    return ExitUsage;

  SmallString<256> FirstFile(SourcePaths.empty() ? "dummy" : SourcePaths[0]);
  sys::fs::make_absolute(FirstFile);
  // What the configuration asks for that daemon-tidy ignores or cannot
  // match, said once per run: not by project-mode children, and by their
  // parent for every file of the database once it is read.
  bool ProjectMode = SourcePaths.empty() && !BuildPath.empty();
  StringRef CommandLineConfig = Config.getNumOccurrences()
                                    ? StringRef("--config")
                                    : StringRef(ConfigFile);
  auto ReportConfiguration = [&](ArrayRef<std::string> Files) {
    if (!ChildResults.empty())
      return;
    reportCheckSelection(Provider->unrestricted(), Files, CommandLineConfig,
                         Quiet);
    warnUnknownCheckOptions(*Provider, Files, CommandLineConfig);
  };
  if (!ProjectMode)
    ReportConfiguration(SourcePaths.empty()
                            ? std::vector<std::string>{FirstFile.str().str()}
                            : std::vector<std::string>(SourcePaths));
  ClangTidyOptions Effective = Provider->getOptions(FirstFile);
  if (DumpConfig) {
    outs() << configurationAsText(
                  ClangTidyOptions::getDefaults().merge(Effective, 0))
           << "\n";
    return ExitClean;
  }
  // Listing every check means enumerating the static analyzer's checkers;
  // do it only when the list is asked for or no daemon-* check is on.
  if (ListChecks || !anyDaemonCheckEnabled(Effective)) {
    std::vector<std::string> Enabled = enabledCheckNames(Effective);
    if (Enabled.empty()) {
      if (AllowNoChecks) {
        if (ListChecks)
          outs() << "Enabled checks:\n\n";
        else if (!Quiet)
          errs() << "daemon-tidy: no checks enabled\n";
        return ExitClean;
      }
      printError("no checks enabled; see --checks and .clang-tidy");
      return ExitUsage;
    }
    if (ListChecks) {
      outs() << "Enabled checks:";
      for (const std::string &Check : Enabled)
        outs() << "\n    " << Check;
      outs() << "\n\n";
      return ExitClean;
    }
  }
  ReportOutputs Outputs;
  if (!Outputs.open(Format, Output, WriteBaseline))
    return ExitUsage;
  std::optional<StringSet<>> Accepted;
  if (!BaselineFile.empty() && !(Accepted = readBaseline(BaselineFile)))
    return ExitUsage;
  if (SourcePaths.empty() && !ProjectMode) {
    printError("no input files; usage: daemon-tidy [options] <source>... "
               "[-- <compiler args>]");
    return ExitUsage;
  }
  if (!Exclude.empty() && !ProjectMode) {
    printError("--exclude applies only to project mode (-p without files)");
    return ExitUsage;
  }
  if (!ExportSummary.empty()) {
    if (SourcePaths.size() != 1) {
      printError("--export-summary takes exactly one source file");
      return ExitUsage;
    }
    exportSummaryOfRun(ExportSummary, Effective, ChildCommandHash);
  }

  bool UsedDefaults = false;
  std::string DBError;
  std::unique_ptr<tooling::CompilationDatabase> Compilations =
      selectCompilations(std::move(Fixed), BuildPath, SourcePaths,
                         ExtraArgsBefore, ExtraArgs, UsedDefaults, DBError);
  if (!Compilations) {
    printError(DBError);
    return ExitUsage;
  }
  for (const std::string &Path : SourcePaths) {
    SmallString<256> Absolute(Path);
    sys::fs::make_absolute(Absolute);
    if (Compilations->getCompileCommands(Absolute).empty()) {
      printError("no compile command for '" + Path +
                 "' in the compilation database");
      return ExitUsage;
    }
  }
  if (UsedDefaults && !Quiet)
    errs() << "daemon-tidy: no compilation database found; using -std=c++17 "
              "for C++ and -std=c11 for C\n";

  if (!validateCheckOptions(*Provider, SourcePaths, CommandLineConfig))
    return ExitUsage;
  if (ProjectMode)
    ReportConfiguration(Compilations->getAllFiles());
  std::unique_ptr<ClangTidyContext> Context = makeContext(std::move(Provider));
  std::vector<ClangTidyError> Errors;
  ExitCode Failure = ExitClean;
  if (ProjectMode) {
    std::vector<std::string> Files = Compilations->getAllFiles();
    llvm::sort(Files);
    Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
    if (Files.empty()) {
      printError("the compilation database in '" + BuildPath +
                 "' lists no files");
      return ExitUsage;
    }
    if (!excludeFiles(Files))
      return ExitUsage;
    if (Files.empty()) {
      printError("--exclude leaves no file of the compilation database in '" +
                 BuildPath + "'");
      return ExitUsage;
    }
    ProjectRun Run;
    Run.Executable = sys::fs::getMainExecutable(
        Argv[0], reinterpret_cast<void *>(&printError));
    Run.ChildArgs = childArgs();
    Run.Jobs = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
    Run.ShowProgress = !Quiet && sys::Process::StandardErrIsDisplayed();
    ProjectResults Results;
    if (WholeProgramMode) {
      WholeProgramRun Whole;
      Whole.Children = Run;
      Whole.CacheDir = absolutePath(
          SummaryDir.empty() ? BuildPath + "/.daemon-tidy" : SummaryDir);
      Whole.Compilations = Compilations.get();
      Whole.ConfigText = [&](StringRef File) {
        return configurationAsText(Context->getOptionsForFile(File));
      };
      WholeProgramStats Stats;
      Results = runWholeProgram(Files, Whole, Stats);
      Summary.WholeProgram = Stats.describe();
    } else {
      Results = runProject(Files, Run);
    }
    Errors = std::move(Results.Errors);
    Failure = Results.Failure;
    Summary.Files = Files.size();
    Summary.FailedFiles = Results.FailedFiles;
    Summary.SuppressedByNolint = Results.SuppressedByNolint;
  } else {
    CrashRecoveryContext::Enable();
    CrashRecoveryContext Recovery;
    bool Finished = Recovery.RunSafely([&] {
#ifdef DAEMON_TIDY_TEST_HOOKS
      crashIfTestAsks(SourcePaths);
#endif
      // One file at a time, to tell which ones have compile errors.
      for (const std::string &File : SourcePaths) {
        std::vector<ClangTidyError> FileErrors =
            runChecks(*Context, *Compilations, File, BaseFS, FixNotes, Quiet);
        Summary.FailedFiles += any_of(FileErrors, isCompileError);
        std::move(FileErrors.begin(), FileErrors.end(),
                  std::back_inserter(Errors));
      }
      // In file order, as one clang-tidy run of all the files reports them.
      sortByPlace(Errors);
    });
    if (!Finished) {
      printError("internal error while analysing; please report it with the "
                 "input that caused it");
      return ExitInternal;
    }
    if (!ChildIndexDeps.empty() && !writeIndexDependencies(ChildIndexDeps)) {
      printError("cannot write '" + ChildIndexDeps + "'");
      return ExitInternal;
    }
    if (!ChildResults.empty()) {
      if (!writeTuResults(ChildResults, SourcePaths.front(), Errors,
                          Context->getStats())) {
        printError("cannot write '" + ChildResults + "'");
        return ExitInternal;
      }
      return ExitClean;
    }
    Summary.Files = SourcePaths.size();
    Summary.SuppressedByNolint = Context->getStats().ErrorsIgnoredNOLINT;
  }

  removeDuplicates(Errors);
  if (Accepted || Outputs.any()) {
    std::string Root =
        absolutePath(SourceRoot.empty() ? "." : SourceRoot.getValue());
    std::vector<Finding> Findings = collectFindings(Errors, Root);
    if (Accepted) {
      unsigned Dropped = applyBaseline(*Accepted, Errors, Findings);
      Summary.SuppressedByBaseline = Dropped;
      if (Dropped && !Quiet)
        errs() << "daemon-tidy: " << Dropped << " finding"
               << (Dropped == 1 ? "" : "s") << " in the baseline left out\n";
    }
    if (!Outputs.write(Findings, Root))
      return ExitUsage;
  }

  bool FoundErrors = any_of(Errors, [](const ClangTidyError &E) {
    return E.DiagLevel == ClangTidyError::Error;
  });
  FixBehaviour Behaviour = FixNotes             ? FB_FixNotes
                           : (Fix || FixErrors) ? FB_Fix
                                                : FB_NoFix;
  bool DisableFixes = FoundErrors && !FixErrors;
  if (Behaviour != FB_NoFix && !DisableFixes)
    dropFixesToChangedFiles(Errors, *Reads);
  unsigned WErrorCount = 0;
  handleErrors(Errors, *Context, DisableFixes ? FB_NoFix : Behaviour,
               WErrorCount, BaseFS);

  if (!ExportFixes.empty()) {
    std::error_code EC;
    raw_fd_ostream OS(ExportFixes, EC, sys::fs::OF_None);
    if (EC) {
      printError("cannot write '" + ExportFixes + "': " + EC.message());
      return ExitUsage;
    }
    exportReplacements(ProjectMode ? "" : FirstFile.str(), Errors, OS);
  }
  if (!Quiet) {
    printStats(Context->getStats());
    if (DisableFixes && Behaviour != FB_NoFix)
      errs() << "daemon-tidy: found compiler errors; fixes were not applied "
                "(use --fix-errors)\n";
  }
  if (!Quiet && (ProjectMode || SourcePaths.size() > 1))
    errs() << Summary.line(Errors) << "\n";
  if (Failure != ExitClean)
    return Failure;
  if (WErrorCount) {
    if (!Quiet)
      errs() << WErrorCount << " warning" << (WErrorCount == 1 ? "" : "s")
             << " treated as error" << (WErrorCount == 1 ? "" : "s") << "\n";
    return ExitFindings;
  }
  if (FoundErrors) {
    printError("the input has compile errors");
    return ExitFindings;
  }
  return ExitClean;
}

} // namespace

void printError(const Twine &Message) {
  errs() << "daemon-tidy: error: " << Message << "\n";
}

void printWarning(const Twine &Message) {
  errs() << "daemon-tidy: warning: " << Message << "\n";
}

} // namespace clang::tidy::daemon

int main(int Argc, const char **Argv) {
  return clang::tidy::daemon::run(Argc, Argv);
}
