//===-- IndexLoops.h - counting loops over array elements -------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_INDEXLOOPS_H
#define DAEMON_TIDY_MODEL_INDEXLOOPS_H

#include "clang/AST/Decl.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include <optional>
#include <utility>

namespace clang::tidy::daemon {

/// A counting loop `for (I = Lo; I < Hi; ++I)` (also `I != Hi`, `I++`,
/// `I += 1`) whose index is written nowhere else in its body and whose
/// bounds cannot change in the function: constants, or variables never
/// written after their initialisation.
struct IndexLoop {
  const ForStmt *Loop;
  const VarDecl *Index;
  /// Identifies the index range: two loops with equal keys walk the same
  /// indices.
  std::pair<unsigned, unsigned> Range;
  /// The bounds, when they are constants.
  std::optional<int64_t> Lo, Hi;
};

/// The array element that \p E designates with the index of an enclosing
/// index loop of \p Context: `Arr[I]`, or with \p AddressOf `&Arr[I]` or
/// `Arr + I`; \p Arr a local array, or an array member of `this`.
struct IndexedElement {
  const ValueDecl *Array;
  IndexLoop Loop;
};

/// The element \p E designates, if it is one; \p PM maps \p Context's body.
std::optional<IndexedElement> indexedElement(const Expr *E, bool AddressOf,
                                             const ParentMap &PM,
                                             const FunctionDecl &Context);

/// \p For as an index loop, if it is one.
std::optional<IndexLoop> indexLoopOf(const ForStmt &For,
                                     const FunctionDecl &Context);

} // namespace clang::tidy::daemon

#endif
