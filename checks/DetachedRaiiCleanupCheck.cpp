//===-- DetachedRaiiCleanupCheck.cpp - raii-cleanup -----------------------===//

#include "DetachedRaiiCleanupCheck.h"

namespace clang::tidy::daemon {

bool DetachedRaiiCleanupCheck::diagnose(TUAnalysis &Analysis,
                                        const SpawnSite &Site) {
  std::optional<Reliance> R = Analysis.Effects.findReliance(Site);
  if (!R)
    return false;
  diag(Site.DetachLoc,
       "detached thread running %0 relies on %select{the destructor of %2|"
       "the cleanup handler %2|the destructor of thread_local %2}1, which "
       "does not run if the process exits first")
      << nameOf(R->Entry) << static_cast<int>(R->Kind)
      << (R->Kind == Reliance::CleanupHandler ? R->Cleanup : R->Object).str();
  noteOrigin(Site);
  noteChain(R->Chain);
  diag(R->Loc,
       "%select{%1 would run %2 here when %3 goes out of scope|%1 pushes the "
       "cleanup handler %2 here|%1 uses %3 here; its destructor %2 runs only "
       "at thread exit}0",
       DiagnosticIDs::Note)
      << static_cast<int>(R->Kind) << nameOf(R->Holder) << R->Cleanup.str()
      << R->Object.str();
  return true;
}

} // namespace clang::tidy::daemon
