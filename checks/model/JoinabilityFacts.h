//===-- JoinabilityFacts.h - what a path knows of threads -------*- C++ -*-===//
//
// The abstract state of the joinability analysis: per path, the facts
// known about thread objects and the branch conditions assumed on the way.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_JOINABILITYFACTS_H
#define DAEMON_TIDY_MODEL_JOINABILITYFACTS_H

#include "ThreadOps.h"
#include "clang/AST/Decl.h"
#include <map>
#include <set>
#include <tuple>

namespace clang::tidy::daemon {

/// What one abstract path knows about one thread object.
struct ObjectFact {
  bool Joinable;
  NotJoinableReason Reason;
  /// Where it stopped being joinable.
  SourceLocation Where;
  /// For an array of threads started by an index loop: the loop's index
  /// range (IndexLoop::Range), and whether it covered every element.
  std::pair<unsigned, unsigned> StartedRange = {0, 0};
  bool StartedAll = false;

  static ObjectFact joinable() {
    return {true, NotJoinableReason::Joined, SourceLocation()};
  }
  static ObjectFact notJoinable(NotJoinableReason R, SourceLocation Where) {
    return {false, R, Where};
  }
  auto key() const {
    return std::make_tuple(Joinable, Reason, Where.getRawEncoding(),
                           StartedRange, StartedAll);
  }
  bool operator<(const ObjectFact &O) const { return key() < O.key(); }
  bool operator==(const ObjectFact &O) const { return key() == O.key(); }
};

/// A condition a path has assumed: a local variable (Var set) or another
/// condition over locals only (by its profile).
using ConditionKey = std::pair<const Decl *, unsigned>;

/// What a path assumes about a condition, and whether it was observed at a
/// branch (forgotten on each trip round a loop) or assigned (a value).
struct Assumed {
  bool Value;
  bool Observed;
  auto key() const { return std::make_pair(Value, Observed); }
  bool operator<(const Assumed &O) const { return key() < O.key(); }
  bool operator==(const Assumed &O) const { return key() == O.key(); }
};

/// A member thread of a local object: the object and the member.
using OwnedMember = std::pair<const VarDecl *, const ValueDecl *>;

/// One abstract path: the facts known about thread objects (an absent object
/// is unknown), about member threads of local objects whose member functions
/// are inlined, and the branch conditions assumed on the way.
struct PathState {
  std::map<const ValueDecl *, ObjectFact> Objects;
  std::map<OwnedMember, ObjectFact> Owned;
  std::map<ConditionKey, Assumed> Assumptions;

  auto key() const { return std::tie(Objects, Owned, Assumptions); }
  bool operator<(const PathState &O) const { return key() < O.key(); }
  bool operator==(const PathState &O) const { return key() == O.key(); }
};

using PathSet = std::set<PathState>;

} // namespace clang::tidy::daemon

#endif
