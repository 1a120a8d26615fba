//===-- Analysis.cpp - one translation unit's shared analysis -------------===//

#include "Analysis.h"
#include <map>
#include <mutex>

namespace clang::tidy::daemon {
namespace {

std::mutex CacheMutex;
std::map<std::pair<const ASTContext *, std::string>,
         std::shared_ptr<TUAnalysis>>
    Cache;

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
  return Key;
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

TUAnalysis::TUAnalysis(ASTContext &Ctx, const ModelOptions &Options)
    : Callers(Ctx), Threads(Ctx, Options.Spawners),
      Effects(Ctx, ApiTables(Options.Apis, &Callers)), Ctx(Ctx) {}

ExceptionModel &
TUAnalysis::exceptions(llvm::ArrayRef<ThrowingFunction> Throwing) {
  std::string Key;
  for (const ThrowingFunction &T : Throwing)
    Key += T.QualifiedName + "=" + T.ExceptionType + ";";
  std::unique_ptr<ExceptionModel> &Slot = ExceptionModels[Key];
  if (!Slot)
    Slot = std::make_unique<ExceptionModel>(
        Ctx, std::vector<ThrowingFunction>(Throwing.begin(), Throwing.end()));
  return *Slot;
}

std::shared_ptr<TUAnalysis> analysisFor(ASTContext &Ctx,
                                        const ModelOptions &Options) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  std::shared_ptr<TUAnalysis> &Slot = Cache[{&Ctx, Options.key()}];
  if (!Slot)
    Slot = std::make_shared<TUAnalysis>(Ctx, Options);
  return Slot;
}

void releaseAnalyses(const ASTContext &Ctx) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  for (auto It = Cache.begin(); It != Cache.end();)
    It = It->first.first == &Ctx ? Cache.erase(It) : std::next(It);
}

} // namespace clang::tidy::daemon
