//===-- DetachedStaticDestructionCheck.cpp - static-destruction -----------===//

#include "DetachedStaticDestructionCheck.h"

namespace clang::tidy::daemon {

bool DetachedStaticDestructionCheck::diagnose(TUAnalysis &Analysis,
                                              const SpawnSite &Site) {
  std::optional<Reach> Use = Analysis.Effects.findStaticUse(Site);
  if (!Use)
    return false;
  const std::string &Name = Use->StaticName;
  diag(Site.DetachLoc,
       "detached thread running %0 uses %1, which is destroyed at exit while "
       "the thread may still be using it")
      << nameOf(Use->Entry) << Name;
  noteOrigin(Site);
  noteChain(Use->Chain);
  SourceLocation DefLoc = Use->Declared;
  diag(Use->Loc,
       "%0 %select{uses %1 here|initializes the function-local static %1 "
       "here, which has a non-trivial destructor}2",
       DiagnosticIDs::Note)
      << nameOf(Use->In) << Name << (DefLoc == Use->Loc);
  if (DefLoc.isValid() && DefLoc != Use->Loc)
    diag(DefLoc, "%0 has static storage duration and a non-trivial destructor",
         DiagnosticIDs::Note)
        << Name;
  return true;
}

} // namespace clang::tidy::daemon
