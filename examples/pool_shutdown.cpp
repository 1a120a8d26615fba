// A batch importer that shuts its helpers down on the happy path only.
//
// Hazards: the prefetch thread is still joinable when parsing throws, and
// the import pool is left joinable on the early return; both destroy a
// joinable std::thread, which calls std::terminate (daemon-unjoined-thread).
// The heartbeat global is never joined (daemon-unjoined-thread).
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

void prefetchIndex();
void importShard(int Shard);
void beat();

std::thread Heartbeat(beat);

int parseShardCount(const std::string &Text) {
  int Count = std::stoi(Text);
  if (Count <= 0)
    throw std::invalid_argument("no shards");
  return Count;
}

void importAll(const std::string &Config, bool DryRun) {
  std::thread Prefetcher(prefetchIndex);
  int Shards = parseShardCount(Config);
  Prefetcher.join();

  std::vector<std::thread> Pool;
  for (int I = 0; I < Shards; ++I)
    Pool.emplace_back(importShard, I);
  if (DryRun)
    return;
  for (std::thread &T : Pool)
    T.join();
}

int main(int Argc, char **Argv) {
  importAll(Argc > 1 ? Argv[1] : "4", Argc > 2);
  return 0;
}
