//===-- MemberSummary.h - member functions and member threads -*- C++ -*-===//
//
// Summaries of member functions that join or detach their object's member
// threads, so that a flow analysis can inline calls of them.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_MEMBERSUMMARY_H
#define DAEMON_TIDY_MODEL_MEMBERSUMMARY_H

#include "ThreadOps.h"
#include "clang/AST/DeclCXX.h"
#include <map>
#include <optional>

namespace clang::tidy::daemon {

/// What a member function does to one member thread of its object.
struct MemberEffect {
  ThreadOp Op;
  /// Under `if (T.joinable())`: it never meets a non-joinable thread.
  bool Guarded;
  /// The join() or detach() inside the member function.
  SourceLocation Where;
};

/// What a member function does to its object's member threads. When it is
/// not Known, it may change any of them; otherwise it changes only those in
/// Effects, each as described (none: in a way the analysis cannot follow).
struct MemberSummary {
  bool Known = false;
  std::map<const ValueDecl *, std::optional<MemberEffect>> Effects;
};

/// Summarises a member function whose body is visible and that cannot be
/// overridden: a join() or detach() of a member thread that runs on every
/// path, or only under `if (T.joinable())`, is an effect; any other use of a
/// member thread leaves it unknown. A call of another non-const member
/// function, a call through a callable, or `this` used other than to name a
/// member make the whole summary unknown.
MemberSummary summarizeMemberThreads(const CXXMethodDecl *Method);

} // namespace clang::tidy::daemon

#endif
