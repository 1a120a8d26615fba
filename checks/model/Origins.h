//===-- Origins.h - where a descriptor or stream comes from -----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_ORIGINS_H
#define DAEMON_TIDY_MODEL_ORIGINS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

namespace clang::tidy::daemon {

/// What the analysis can see of where a value comes from, within one
/// function: the calls that produced it (its initializer and every
/// assignment to the local variable holding it, or to the private member
/// holding it in its class's own code) and constant values.
struct Origins {
  llvm::SmallVector<const CallExpr *, 2> Calls;
  llvm::SmallVector<int64_t, 1> Constants;
  /// The descriptors of the sources that are `stdout` (1) or `stderr` (2),
  /// one per source.
  llvm::SmallVector<int, 1> StdStreams;
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

/// The visible calls of each function of a translation unit, found on
/// first use.
class CallerIndex {
public:
  explicit CallerIndex(ASTContext &Ctx) : Ctx(Ctx) {}
  using Call = std::pair<const CallExpr *, const FunctionDecl *>;
  /// The calls of \p F, each with the function that makes it.
  llvm::ArrayRef<Call> callsTo(const FunctionDecl *F);

private:
  ASTContext &Ctx;
  bool Built = false;
  llvm::DenseMap<const FunctionDecl *, std::vector<Call>> Calls;
};

/// Traces \p E (a descriptor, a FILE*, a path) back through local
/// variables of \p Context and, with \p Callers, through parameters to the
/// arguments of the visible calls.
Origins traceOrigins(const Expr *E, const FunctionDecl *Context,
                     const ASTContext &Ctx, CallerIndex *Callers = nullptr);

} // namespace clang::tidy::daemon

#endif
