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

/// Traces \p E (a descriptor, a FILE*, a path) back through local
/// variables of \p Context.
Origins traceOrigins(const Expr *E, const FunctionDecl *Context,
                     const ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
