//===-- Origins.h - where a descriptor or stream comes from -----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_ORIGINS_H
#define DAEMON_TIDY_MODEL_ORIGINS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::daemon {

/// What the analysis can see of where a value comes from, within one
/// function: the calls that produced it (its initializer and every
/// assignment to the local variable holding it) and constant values.
struct Origins {
  llvm::SmallVector<const CallExpr *, 2> Calls;
  llvm::SmallVector<int64_t, 1> Constants;
  /// True when some source is not visible (a parameter, a member, an
  /// unknown expression).
  bool Opaque = false;

  /// Whether some visible origin is a call to one of \p Names.
  bool fromCallTo(std::initializer_list<llvm::StringRef> Names) const;
};

/// How a local variable is written in one function after its declaration.
struct VarWrites {
  /// The values of plain assignments (`V = x`, also `operator=`).
  llvm::SmallVector<const Expr *, 2> Assigned;
  /// Whether its address is taken or it is updated in place (`+=`, `++`):
  /// then what it holds is not visible.
  bool Opaque = false;
  bool any() const { return Opaque || !Assigned.empty(); }
};

/// The writes to \p Var in \p Context's body.
VarWrites writesTo(const VarDecl *Var, const FunctionDecl *Context);

/// Traces \p E (a descriptor, a FILE*, a path) back through local
/// variables of \p Context.
Origins traceOrigins(const Expr *E, const FunctionDecl *Context,
                     const ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
