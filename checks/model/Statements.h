//===-- Statements.h - scanning a function body -----------------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_STATEMENTS_H
#define DAEMON_TIDY_MODEL_STATEMENTS_H

#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::daemon {

/// Whether \p Pred holds for \p Body or a statement nested in it. Walks
/// with an explicit stack: an expression such as `a + b + ...` nests as deep
/// as it is long.
inline bool anyStatement(const Stmt *Body,
                         llvm::function_ref<bool(const Stmt *)> Pred) {
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (Pred(S))
      return true;
    Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

} // namespace clang::tidy::daemon

#endif
