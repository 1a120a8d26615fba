//===-- ConditionWaits.h - whom a condition-variable wait waits for -*- C++
//-*-//
//
// A wait on a condition variable waits for the threads that may notify it.
// When a thread provably never touches the variable, the wait is for someone
// else, and it does not make that thread finish first.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_CONDITIONWAITS_H
#define DAEMON_TIDY_MODEL_CONDITIONWAITS_H

namespace clang {
class Expr;
class VarDecl;

namespace tidy::daemon {

struct SpawnSite;

/// The condition variable that the wait call \p E waits on, when it is a
/// variable named directly (not a reference):
/// `Ready.wait(Lock)`, `pthread_cond_wait(&Ready, &M)`, `cnd_wait(&Ready,
/// &M)`; null for any other wait.
const VarDecl *waitedCondition(const Expr *E);

/// Whether a thread started at \p Site may notify \p Condition: false only
/// when all the code it can run is visible in this translation unit, and
/// each notify in it names another variable directly.
bool mayNotify(const SpawnSite &Site, const VarDecl &Condition);

} // namespace tidy::daemon
} // namespace clang

#endif
