//===-- DetachedDanglingReferenceCheck.cpp - dangling-reference -----------===//

#include "DetachedDanglingReferenceCheck.h"
#include "model/FrameReferences.h"

namespace clang::tidy::daemon {

bool DetachedDanglingReferenceCheck::diagnose(TUAnalysis &Analysis,
                                              const SpawnSite &Site) {
  std::vector<FrameReference> Refs = frameReferences(Site);
  // The creator may wait for the thread's completion signal before the
  // referent dies.
  bool Signals = llvm::any_of(Site.Entries, [&](FuncRef Entry) {
    return Analysis.Effects.signals(Entry);
  });
  ASTContext &Ctx = Site.Creator->getASTContext();
  llvm::erase_if(Refs, [&](const FrameReference &Ref) {
    return Signals && creatorWaitsWithin(Site, Ref.Object, Ctx);
  });
  if (Refs.empty())
    return false;
  const FrameReference &First = Refs.front();
  auto Name = [](const FrameReference &Ref) {
    return Ref.Object ? "'" + Ref.Object->getNameAsString() + "'"
                      : std::string("'this'");
  };
  diag(First.Loc,
       "detached thread running %0 %select{captures %1 by reference|captures "
       "%1|receives a reference to %1|receives a pointer to %1|receives a view "
       "of %1|receives %1}2; %select{it|the object}3 may be destroyed while "
       "the thread still uses it")
      << nameOf(Site.Entries.front()) << Name(First)
      << static_cast<int>(First.Kind) << (First.Object == nullptr);
  if (First.UseLoc.isValid())
    diag(First.UseLoc, "%0 is captured implicitly by this use",
         DiagnosticIDs::Note)
        << Name(First);
  for (const FrameReference &Ref : llvm::drop_begin(Refs))
    diag(Ref.UseLoc.isValid() ? Ref.UseLoc : Ref.Loc,
         "the thread also %select{uses|receives}1 %0 here", DiagnosticIDs::Note)
        << Name(Ref) << Ref.UseLoc.isInvalid();
  if (Site.Wrapper)
    noteOrigin(Site);
  else
    diag(Site.DetachLoc, "thread detached here", DiagnosticIDs::Note);
  return true;
}

} // namespace clang::tidy::daemon
