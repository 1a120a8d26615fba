//===-- JoinableMembers.cpp - member threads joinable at destruction ------===//

#include "JoinableMembers.h"
#include "FunctionFacts.h"
#include "JoinabilityFlow.h"
#include "Names.h"
#include "ThreadObjectExprs.h"

namespace clang::tidy::daemon {

MemberExits JoinabilityFlow::memberOutcomes() const {
  MemberExits Result;
  const auto *Method = dyn_cast<CXXMethodDecl>(&Fn);
  auto Exit = In.find(&G.getExit());
  if (!Method)
    return Result;
  for (const FieldDecl *Field : Method->getParent()->fields()) {
    if (!isTrackedType(Field->getType(), true))
      continue;
    bool AnyJoinable = false, AnyNot = false, AnyUnknown = false;
    MemberExit &R = Result[Field];
    if (Exit == In.end() || Exit->second.empty())
      AnyUnknown = true;
    else
      for (const PathState &P : Exit->second) {
        auto It = P.Objects.find(Field);
        if (It == P.Objects.end()) {
          AnyUnknown = true;
        } else if (It->second.Joinable) {
          AnyJoinable = true;
          if (R.Started.isInvalid())
            R.Started = It->second.Where;
        } else {
          AnyNot = true;
        }
      }
    R.State = AnyUnknown              ? Outcome::Unknown
              : AnyJoinable && AnyNot ? Outcome::Mixed
              : AnyJoinable           ? Outcome::Joinable
                                      : Outcome::NotJoinable;
  }
  return Result;
}

std::vector<JoinableLoss> findJoinableMembers(ASTContext &Ctx) {
  const TUFacts &Facts = factsOf(Ctx);
  std::vector<JoinableLoss> Result;
  LossContext Losses;
  for (const CXXRecordDecl *Class : Facts.Classes) {
    std::vector<const FieldDecl *> Candidates;
    for (const FieldDecl *Field : Class->fields())
      if (destroysThreads(Field->getType()) &&
          !Facts.ThreadMembersUsedOutside.count(Field))
        Candidates.push_back(Field);
    if (Candidates.empty())
      continue;
    // Where each member is left joinable by a constructor or a member
    // function.
    auto Exits = [&](const CXXMethodDecl *Method, MemberSeed Seed) {
      std::unique_ptr<CFG> G = buildStatementCFG(*Method, LossCfgExtras);
      if (!G)
        return MemberExits();
      JoinabilityFlow A(*Method, Ctx, *G, &Losses, Seed);
      A.solve();
      return A.memberOutcomes();
    };
    llvm::DenseMap<const FieldDecl *, SourceLocation> Started;
    bool AnyConstructorBody = false;
    for (const CXXMethodDecl *Method : Class->methods()) {
      if (isa<CXXDestructorDecl>(Method) || !Method->hasBody() ||
          Method->isDependentContext())
        continue;
      AnyConstructorBody |= isa<CXXConstructorDecl>(Method);
      MemberExits Out = Exits(Method, MemberSeed::NotJoinable);
      for (const FieldDecl *Field : Candidates)
        if (auto It = Out.find(Field);
            It != Out.end() && (It->second.State == Outcome::Joinable ||
                                It->second.State == Outcome::Mixed))
          Started.try_emplace(Field, It->second.Started);
    }
    // A default member initializer starts the thread in constructors this
    // translation unit does not define.
    if (!AnyConstructorBody)
      for (const FieldDecl *Field : Candidates)
        if (const Expr *Init = Field->getInClassInitializer()) {
          std::optional<ObjectFact> F =
              initialState(Field, Init, Field->getLocation());
          if (F && F->Joinable)
            Started.try_emplace(Field, Field->getLocation());
        }
    if (Started.empty())
      continue;
    const CXXDestructorDecl *Dtor = Class->getDestructor();
    const FunctionDecl *DtorDef = nullptr;
    bool HasBody = Dtor && Dtor->isUserProvided() && Dtor->hasBody(DtorDef);
    MemberExits AtDestruction;
    if (HasBody)
      AtDestruction = Exits(cast<CXXMethodDecl>(DtorDef), MemberSeed::Joinable);
    SourceLocation Where =
        Dtor && !Dtor->isImplicit() ? Dtor->getLocation() : SourceLocation();
    for (const FieldDecl *Field : Candidates) {
      auto Start = Started.find(Field);
      if (Start == Started.end())
        continue;
      if (HasBody) {
        auto It = AtDestruction.find(Field);
        if (It == AtDestruction.end() || It->second.State != Outcome::Joinable)
          continue;
      }
      Result.push_back(
          {LossKind::OwnerDestroyed, Field, Where, nullptr, Start->second});
    }
  }
  return Result;
}

} // namespace clang::tidy::daemon
