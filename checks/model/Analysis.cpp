//===-- Analysis.cpp - one translation unit's shared analysis -------------===//

#include "Analysis.h"
#include "Summarize.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <mutex>
#include <set>

namespace clang::tidy::daemon {
namespace {

std::mutex CacheMutex;
std::function<void(llvm::StringRef)> NoticeHandler;

/// Reports a problem with the index: one line.
void notice(llvm::StringRef Problem) {
  if (NoticeHandler)
    NoticeHandler(Problem);
  else
    llvm::errs() << "daemon-tidy: warning: " << Problem << "\n";
}

/// The index of \p Options, reporting a problem with it once.
std::shared_ptr<const SummarySet> indexFor(const ModelOptions &Options) {
  if (Options.IndexPath.empty())
    return nullptr;
  std::string Error;
  std::shared_ptr<const SummarySet> Index = loadIndex(Options.IndexPath, Error);
  if (!Error.empty())
    notice(Error);
  return Index;
}

/// Reports, once per index and process, that one of its summaries is out of
/// date. (Its own lock: it is called while an analysis is built, under
/// CacheMutex.)
std::function<void(const FunctionSummary &)>
staleReporter(const ModelOptions &Options) {
  if (Options.IndexPath.empty())
    return {};
  std::string Path = Options.IndexPath;
  return [Path](const FunctionSummary &F) {
    static std::mutex StaleMutex;
    static std::set<std::string> *Reported = new std::set<std::string>();
    std::lock_guard<std::mutex> Lock(StaleMutex);
    if (Reported->insert(Path).second)
      notice("the index '" + Path + "' is out of date: '" + F.File.str() +
             "' changed since " + F.Name.str() +
             " was summarised; calls into changed functions are not "
             "followed (rebuild the index)");
  };
}

std::map<std::pair<const ASTContext *, std::string>,
         std::shared_ptr<TUAnalysis>>
    Cache;

/// Who wants the summaries of each translation unit, and with which options.
struct SummaryRequest {
  ModelOptions Options;
  std::vector<ThrowingFunction> Throwing;
  std::function<void(ASTContext &, std::unique_ptr<SummarySet>)> Sink;
};
std::optional<SummaryRequest> Request;
/// The translation units summarised and not yet released.
std::set<const ASTContext *> Summarised;
/// The index entries the released analyses looked up.
llvm::StringMap<uint64_t> Lookups;

std::shared_ptr<TUAnalysis> lookupOrCreate(ASTContext &Ctx,
                                           const ModelOptions &Options) {
  std::shared_ptr<TUAnalysis> &Slot = Cache[{&Ctx, Options.key()}];
  if (!Slot)
    Slot = std::make_shared<TUAnalysis>(Ctx, Options);
  return Slot;
}

} // namespace

std::string ModelOptions::key() const {
  std::string Key;
  for (const NamedSpawner &S : Spawners)
    Key += S.QualifiedName + ":" + std::to_string(S.ParamIndex) + ";";
  for (const auto &List : Apis.Names) {
    Key += "|";
    for (const std::string &Name : List)
      Key += Name + ";";
  }
  return Key + "|" + IndexPath;
}

std::vector<std::string> splitOptionList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<std::string> Result;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Result.push_back(Part.trim().str());
  return Result;
}

std::vector<std::string> addSpawners(llvm::StringRef List,
                                     std::vector<NamedSpawner> &Out) {
  std::vector<std::string> Invalid;
  for (const std::string &Entry : splitOptionList(List)) {
    auto [Name, Index] = llvm::StringRef(Entry).rsplit(':');
    unsigned ParamIndex = 0;
    if (Index.empty() || Index.getAsInteger(10, ParamIndex))
      Invalid.push_back(Entry);
    else
      Out.push_back({Name.str(), ParamIndex});
  }
  return Invalid;
}

void setIndexNoticeHandler(std::function<void(llvm::StringRef)> Handler) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  NoticeHandler = std::move(Handler);
}

TUAnalysis::TUAnalysis(ASTContext &Ctx, const ModelOptions &Options)
    : View(Ctx, indexFor(Options), staleReporter(Options)), Callers(Ctx),
      Threads(Ctx, Options.Spawners, View),
      Effects(Ctx, ApiTables(Options.Apis, &Callers), View, Callers), Ctx(Ctx) {
}

ExceptionModel &
TUAnalysis::exceptions(llvm::ArrayRef<ThrowingFunction> Throwing) {
  std::string Key;
  for (const ThrowingFunction &T : Throwing)
    Key += T.QualifiedName + "=" + T.ExceptionType + ";";
  std::unique_ptr<ExceptionModel> &Slot = ExceptionModels[Key];
  if (!Slot)
    Slot = std::make_unique<ExceptionModel>(
        Ctx, std::vector<ThrowingFunction>(Throwing.begin(), Throwing.end()),
        View, Effects.storedCallables());
  return *Slot;
}

std::shared_ptr<TUAnalysis> analysisFor(ASTContext &Ctx,
                                        const ModelOptions &Options) {
  std::shared_ptr<TUAnalysis> ForSummary;
  std::vector<ThrowingFunction> Throwing;
  std::function<void(ASTContext &, std::unique_ptr<SummarySet>)> Sink;
  std::shared_ptr<TUAnalysis> Result;
  {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    Result = lookupOrCreate(Ctx, Options);
    if (Request && Summarised.insert(&Ctx).second) {
      ForSummary = lookupOrCreate(Ctx, Request->Options);
      Sink = Request->Sink;
      Throwing = Request->Throwing;
    }
  }
  if (ForSummary)
    Sink(Ctx, summarizeTranslationUnit(*ForSummary, Ctx,
                                       ForSummary->exceptions(Throwing)));
  return Result;
}

ProjectView *indexedViewOf(const ASTContext &Ctx) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  for (auto It = Cache.lower_bound({&Ctx, ""});
       It != Cache.end() && It->first.first == &Ctx; ++It)
    if (It->second->View.hasIndex())
      return &It->second->View;
  return nullptr;
}

void releaseAnalyses(const ASTContext &Ctx) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  for (auto It = Cache.begin(); It != Cache.end();) {
    if (It->first.first != &Ctx) {
      ++It;
      continue;
    }
    for (const auto &Entry : It->second->View.lookups())
      Lookups[Entry.getKey()] = Entry.getValue();
    It = Cache.erase(It);
  }
  Summarised.erase(&Ctx);
}

llvm::StringMap<uint64_t> takeIndexLookups() {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  return std::move(Lookups);
}

void requestSummaries(
    ModelOptions Options, std::vector<ThrowingFunction> Throwing,
    std::function<void(ASTContext &, std::unique_ptr<SummarySet>)> Sink) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  Request =
      SummaryRequest{std::move(Options), std::move(Throwing), std::move(Sink)};
}

} // namespace clang::tidy::daemon
