//===-- Baseline.cpp - findings accepted as they are ----------------------===//

#include "Baseline.h"
#include "ExitCodes.h"
#include "llvm/Support/MemoryBuffer.h"

namespace clang::tidy::daemon {

llvm::json::Value baselineOf(llvm::ArrayRef<Finding> Findings) {
  llvm::json::Array Entries;
  for (const Finding &F : Findings)
    Entries.push_back(
        llvm::json::Object{{"fingerprint", F.Fingerprint},
                           {"check", F.Check},
                           {"file", F.Warning.displayPath().str()},
                           {"message", F.Warning.Message}});
  return llvm::json::Object{{"daemonTidyBaseline", 1},
                            {"findings", std::move(Entries)}};
}

std::optional<llvm::StringSet<>> readBaseline(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    printError("cannot read baseline '" + Path +
               "': " + Buffer.getError().message());
    return std::nullopt;
  }
  llvm::Expected<llvm::json::Value> Parsed =
      llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    printError("invalid baseline '" + Path +
               "': " + llvm::toString(Parsed.takeError()));
    return std::nullopt;
  }
  const llvm::json::Object *Root = Parsed->getAsObject();
  const llvm::json::Array *Entries = Root && Root->get("daemonTidyBaseline")
                                         ? Root->getArray("findings")
                                         : nullptr;
  if (!Entries) {
    printError("invalid baseline '" + Path +
               "': not written by --write-baseline");
    return std::nullopt;
  }
  llvm::StringSet<> Fingerprints;
  for (const llvm::json::Value &Entry : *Entries)
    if (const llvm::json::Object *E = Entry.getAsObject())
      if (std::optional<llvm::StringRef> F = E->getString("fingerprint"))
        Fingerprints.insert(*F);
  return Fingerprints;
}

} // namespace clang::tidy::daemon
