//===-- WholeProgram.cpp - project mode over the whole program ------------===//
//
// The cache folder holds, per translation unit, under tu/<hash of its path>:
//
//   .sum   its summary (with the files it read and their hashes)
//   .own   its findings without the index
//   .idx   its findings against the index
//   .deps  the index entries those findings used, with their fingerprints
//
// and the merged index, index.sum. A summary is reused while its compile
// command, configuration and every file it read are unchanged; findings
// against the index while, in addition, every index entry they used is.
//
//===----------------------------------------------------------------------===//

#include "WholeProgram.h"
#include "TuResults.h"
#include "model/Analysis.h"
#include "model/Summary.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

namespace clang::tidy::daemon {
namespace {

/// The contents' hash of each file asked about, each read once.
class ContentHashes {
public:
  std::optional<uint64_t> get(llvm::StringRef Path) {
    auto [It, New] = Hashes.try_emplace(Path);
    if (New)
      if (auto Buffer = llvm::MemoryBuffer::getFile(
              Path, /*IsText=*/false, /*RequiresNullTerminator=*/false))
        It->second = contentHash((*Buffer)->getBuffer());
    return It->second;
  }

private:
  llvm::StringMap<std::optional<uint64_t>> Hashes;
};

/// One translation unit's state in the run.
struct Unit {
  std::string File;
  /// Its cache entries, without the extension.
  std::string CacheStem;
  uint64_t Key = 0;
  std::unique_ptr<SummarySet> Summary;
  /// Its summary and own findings came from the cache.
  bool Cached = false;
  std::optional<TuResults> Own;
  std::optional<TuResults> AgainstIndex;
  ExitCode Failure = ExitClean;
};

std::string pathOf(const Unit &U, llvm::StringRef Extension) {
  return U.CacheStem + "." + Extension.str();
}

/// The key of a file's summary: its compile command and configuration.
uint64_t summaryKey(const WholeProgramRun &Run, llvm::StringRef File) {
  std::string Text;
  for (const tooling::CompileCommand &C :
       Run.Compilations->getCompileCommands(File)) {
    Text += C.Directory;
    for (const std::string &Arg : C.CommandLine)
      Text += '\0' + Arg;
    Text += '\n';
  }
  for (const std::string &Arg : Run.Children.ChildArgs)
    Text += '\0' + Arg;
  // A rebuilt daemon-tidy may summarise differently.
  llvm::sys::fs::file_status Tool;
  if (!llvm::sys::fs::status(Run.Children.Executable, Tool))
    Text += '\n' + std::to_string(Tool.getSize()) + ":" +
            std::to_string(
                Tool.getLastModificationTime().time_since_epoch().count());
  Text += '\n' + Run.ConfigText(File);
  return contentHash(Text);
}

/// Whether \p S describes the translation unit as it is now.
bool upToDate(const SummarySet &S, uint64_t Key, ContentHashes &Hashes) {
  return S.CommandHash == Key && !S.Inputs.empty() &&
         llvm::all_of(S.Inputs, [&](const SummaryInput &In) {
           return Hashes.get(In.Path) == In.Hash;
         });
}

/// The index entries a file's findings used, as written by a child.
std::optional<std::vector<std::pair<std::string, uint64_t>>>
readDependencies(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return std::nullopt;
  std::vector<std::pair<std::string, uint64_t>> Deps;
  for (llvm::StringRef Line : llvm::split((*Buffer)->getBuffer(), '\n')) {
    if (Line.empty())
      continue;
    auto [Hash, Key] = Line.split(' ');
    uint64_t Value = 0;
    if (Hash.getAsInteger(16, Value) || Key.empty())
      return std::nullopt;
    Deps.emplace_back(Key.str(), Value);
  }
  return Deps;
}

/// Whether every index entry in \p Deps is the same in \p Index.
bool sameEntries(llvm::ArrayRef<std::pair<std::string, uint64_t>> Deps,
                 const SummarySet &Index) {
  return llvm::all_of(Deps, [&](const auto &Dep) {
    return Index.dependencyFingerprint(Dep.first) == Dep.second;
  });
}

/// Whether \p U's findings can depend on other files, given \p Index.
bool dependsOnIndex(const Unit &U, const SummarySet &Index) {
  if (!U.Summary)
    return false;
  return U.Summary->NeedsIndex ||
         llvm::any_of(U.Summary->Outgoing, [&](llvm::StringRef Key) {
           const FunctionSummary *F = Index.find(Key);
           return F && (F->WrapperParam >= 0 || !F->ParamOps.empty());
         });
}

/// Reads the summary of \p U from its cache entry, if it is there.
void readSummary(Unit &U) {
  U.Summary.reset();
  llvm::Expected<std::unique_ptr<SummarySet>> Read =
      SummarySet::read(pathOf(U, "sum"));
  if (Read)
    U.Summary = std::move(*Read);
  else
    llvm::consumeError(Read.takeError());
}

} // namespace

std::string WholeProgramStats::describe() const {
  return "whole program: " + std::to_string(Summarised) + " of " +
         std::to_string(Files) + " files summarised, " +
         std::to_string(Reanalysed) + " of " + std::to_string(DependOnIndex) +
         " analysed again (the rest from the cache)";
}

ProjectResults runWholeProgram(llvm::ArrayRef<std::string> Files,
                               const WholeProgramRun &Run,
                               WholeProgramStats &Stats) {
  ProjectResults Results;
  std::string UnitsDir = Run.CacheDir + "/tu";
  if (std::error_code EC = llvm::sys::fs::create_directories(UnitsDir)) {
    printError("cannot create the summary folder '" + Run.CacheDir +
               "': " + EC.message());
    Results.Failure = ExitUsage;
    return Results;
  }
  Stats.Files = Files.size();

  // The cached summaries that still describe their files.
  ContentHashes Hashes;
  std::vector<Unit> Units(Files.size());
  std::vector<ChildJob> Summarise;
  std::vector<size_t> SummariseUnit;
  for (size_t I = 0; I < Files.size(); ++I) {
    Unit &U = Units[I];
    U.File = Files[I];
    U.CacheStem =
        UnitsDir + "/" + llvm::utohexstr(contentHash(Files[I]), true, 16);
    U.Key = summaryKey(Run, Files[I]);
    readSummary(U);
    if (U.Summary && upToDate(*U.Summary, U.Key, Hashes))
      U.Own = readTuResults(pathOf(U, "own"));
    U.Cached = U.Own.has_value();
    if (U.Cached)
      continue;
    U.Summary.reset();
    for (llvm::StringRef Ext : {"sum", "own", "idx", "deps"})
      llvm::sys::fs::remove(pathOf(U, Ext));
    Summarise.push_back({U.File,
                         {"--export-summary=" + pathOf(U, "sum"),
                          "--" + std::string(ChildCommandHashOption) + "=" +
                              std::to_string(U.Key)},
                         pathOf(U, "own")});
    SummariseUnit.push_back(I);
  }

  // Phase 1: summarise what changed; keep each file's findings of its own.
  std::vector<ChildResult> Summarised =
      runChildren(Summarise, Run.Children, "summarising");
  Stats.Summarised = Summarise.size();
  for (size_t J = 0; J < Summarised.size(); ++J) {
    Unit &U = Units[SummariseUnit[J]];
    ChildResult &R = Summarised[J];
    U.Failure = R.Failure;
    U.Own = TuResults{std::move(R.Errors), R.SuppressedByNolint};
    // A file that failed (a refused compile command, compile errors, a
    // crash) is not summarised, nor analysed again.
    if (R.Failure == ExitClean)
      readSummary(U);
  }

  // The index: every summary, merged in file order.
  // Files are named by absolute paths here: the compile commands of a
  // project may run in different directories.
  SummarySet Index;
  for (const Unit &U : Units)
    if (U.Summary) {
      U.Summary->makePathsAbsolute();
      Index.merge(*U.Summary);
    }
  Index.inferWrappers();
  std::string IndexPath = Run.CacheDir + "/index.sum";
  if (llvm::Error E = Index.write(IndexPath)) {
    printError("cannot write the index '" + IndexPath +
               "': " + llvm::toString(std::move(E)));
    Results.Failure = ExitUsage;
    return Results;
  }

  // Phase 2: analyse against the index the files whose findings can depend
  // on it, unless their findings and what they used are unchanged.
  std::vector<ChildJob> Analyse;
  std::vector<size_t> AnalyseUnit;
  for (size_t I = 0; I < Units.size(); ++I) {
    Unit &U = Units[I];
    if (!dependsOnIndex(U, Index))
      continue;
    ++Stats.DependOnIndex;
    if (U.Cached) {
      auto Deps = readDependencies(pathOf(U, "deps"));
      if (Deps && sameEntries(*Deps, Index))
        U.AgainstIndex = readTuResults(pathOf(U, "idx"));
      if (U.AgainstIndex)
        continue;
    }
    Analyse.push_back(
        {U.File,
         {"--summary-index=" + IndexPath,
          "--" + std::string(ChildIndexDepsOption) + "=" + pathOf(U, "deps")},
         pathOf(U, "idx")});
    AnalyseUnit.push_back(I);
  }
  std::vector<ChildResult> Analysed =
      runChildren(Analyse, Run.Children, "analysing");
  Stats.Reanalysed = Analyse.size();
  for (size_t J = 0; J < Analysed.size(); ++J) {
    Unit &U = Units[AnalyseUnit[J]];
    ChildResult &R = Analysed[J];
    U.Failure = std::max(U.Failure, R.Failure);
    if (R.Failure == ExitClean)
      U.AgainstIndex = TuResults{std::move(R.Errors), R.SuppressedByNolint};
  }

  for (Unit &U : Units) {
    Results.Failure = std::max(Results.Failure, U.Failure);
    Results.FailedFiles += U.Failure != ExitClean;
    std::optional<TuResults> &Found = U.AgainstIndex ? U.AgainstIndex : U.Own;
    if (!Found)
      continue;
    std::move(Found->Errors.begin(), Found->Errors.end(),
              std::back_inserter(Results.Errors));
    Results.SuppressedByNolint += Found->SuppressedByNolint;
  }
  return Results;
}

void exportSummaryOfRun(llvm::StringRef Path, const ClangTidyOptions &Config,
                        uint64_t CommandHash) {
  ModelOptions Options;
  std::vector<ThrowingFunction> Throwing;
  for (const auto &Entry : Config.CheckOptions) {
    llvm::StringRef Key = Entry.getKey();
    llvm::StringRef Name = Key.rsplit('.').second;
    if (Name.empty())
      Name = Key;
    else if (!Key.starts_with("daemon-"))
      continue;
    llvm::StringRef Value = Entry.getValue().Value;
    if (Name == "SpawnerFunctions")
      addSpawners(Value, Options.Spawners);
    if (Name == "ThrowingFunctions")
      for (ThrowingFunction &T : ThrowingFunction::parseList(Value))
        Throwing.push_back(std::move(T));
    static constexpr llvm::StringLiteral Lists[NumEffectKinds] = {
        "FileWriteFunctions", "NetworkSendFunctions", "DatabaseCommitFunctions",
        "SubprocessFunctions"};
    for (unsigned K = 0; K < NumEffectKinds; ++K)
      if (Name == Lists[K])
        for (std::string &API : splitOptionList(Value))
          Options.Apis.Names[K].push_back(std::move(API));
  }
  std::string Target = Path.str();
  requestSummaries(
      std::move(Options), std::move(Throwing),
      [Target, CommandHash](ASTContext &Ctx, std::unique_ptr<SummarySet> Set) {
        // A translation unit that does not compile is not summarised.
        if (Ctx.getDiagnostics().hasErrorOccurred())
          return;
        Set->CommandHash = CommandHash;
        if (llvm::Error E = Set->write(Target))
          printError("cannot write the summary '" + Target +
                     "': " + llvm::toString(std::move(E)));
      });
}

bool writeIndexDependencies(llvm::StringRef Path) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return false;
  for (const auto &Entry : takeIndexLookups())
    OS << llvm::utohexstr(Entry.getValue()) << " " << Entry.getKey() << "\n";
  return !OS.has_error();
}

int dumpSummary(llvm::StringRef Path) {
  llvm::Expected<std::unique_ptr<SummarySet>> Read = SummarySet::read(Path);
  if (!Read) {
    printError("cannot use the summary '" + Path +
               "': " + llvm::toString(Read.takeError()));
    return ExitUsage;
  }
  (*Read)->print(llvm::outs());
  return ExitClean;
}

int mergeSummaries(llvm::ArrayRef<std::string> Inputs, llvm::StringRef Output) {
  if (Output.empty()) {
    printError("--merge-summaries needs --output=<index file>");
    return ExitUsage;
  }
  SummarySet Index;
  for (const std::string &Input : Inputs) {
    llvm::Expected<std::unique_ptr<SummarySet>> Read = SummarySet::read(Input);
    if (!Read) {
      printError("cannot use the summary '" + Input +
                 "': " + llvm::toString(Read.takeError()));
      return ExitUsage;
    }
    Index.merge(**Read);
  }
  Index.inferWrappers();
  if (llvm::Error E = Index.write(Output)) {
    printError("cannot write the index '" + Output +
               "': " + llvm::toString(std::move(E)));
    return ExitUsage;
  }
  return ExitClean;
}

} // namespace clang::tidy::daemon
