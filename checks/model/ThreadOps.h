//===-- ThreadOps.h - what ends a thread object's joinability ---*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_THREADOPS_H
#define DAEMON_TIDY_MODEL_THREADOPS_H

namespace clang::tidy::daemon {

/// What a call does to a thread object's joinability.
enum class ThreadOp { Join, Detach };

/// Why a thread object is not joinable.
enum class NotJoinableReason {
  Joined,
  Detached,
  MovedFrom,
  DefaultConstructed
};

} // namespace clang::tidy::daemon

#endif
