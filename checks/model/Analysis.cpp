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

TUAnalysis::TUAnalysis(ASTContext &Ctx, const ModelOptions &Options)
    : Callers(Ctx), Threads(Ctx, Options.Spawners),
      Effects(Ctx, ApiTables(Options.Apis, &Callers)) {}

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
