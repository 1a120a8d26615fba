//===-- ParamDependence.h - what a function's work depends on ---*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_PARAMDEPENDENCE_H
#define DAEMON_TIDY_MODEL_PARAMDEPENDENCE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class ParmVarDecl;
class Stmt;

namespace tidy::daemon {

/// Whether a function does the same work for the same arguments, and which
/// of its full expressions and local variables depend on its parameters.
/// Such a function names only its parameters, its own non-static local
/// variables, enumerators and constants; makes, calls and destroys only
/// scalars, trivial classes and the standard strings, containers and their
/// iterators over such types, the standard operators on them, `std::move`,
/// `std::forward`, `std::min`, `std::max` and the C string functions that
/// read; and uses members of `this` only to add to them or clear them, in a
/// statement of its own. Input, members, globals, `try`, `new`, lambdas and
/// any other call break it.
class ParamDependence {
public:
  ParamDependence(const FunctionDecl *F, ASTContext &Ctx);

  /// Whether the function does the same work for the same arguments.
  bool onlyParams() const { return OnlyParams; }
  /// Its parameters that it names.
  llvm::ArrayRef<const ParmVarDecl *> named() const { return Named; }
  /// Whether \p E, a condition in the function, depends on its parameters:
  /// names one or a local variable computed from one, or is evaluated only
  /// as such a condition decides.
  bool dependsOnParams(const Expr *E) const;

private:
  bool OnlyParams = true;
  llvm::SmallVector<const ParmVarDecl *, 4> Named;
  /// Its full expressions that depend on the parameters.
  llvm::SmallPtrSet<const Stmt *, 16> DependentSites;
};

} // namespace tidy::daemon
} // namespace clang

#endif
