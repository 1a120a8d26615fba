//===-- StoredCallables.h - calls through stored callables ----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_STOREDCALLABLES_H
#define DAEMON_TIDY_MODEL_STOREDCALLABLES_H

#include "Origins.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>

namespace clang::tidy::daemon {

class StoreIndex;

/// Resolves calls of callables that the program keeps in a field or a
/// container, as work queues do: `Job->Fn(Job->Arg)`, `Queue.front()()`, or
/// a local copied from one of those. Such a call may run any callable the
/// translation unit stores into that field or container: an assignment, an
/// aggregate or constructor initialisation, a push or an emplace. Stored
/// parameters are followed to the arguments of the visible calls. The
/// answer is a may-set, keyed by the field or container and not by the
/// object: every object of the class, and every element, share it.
class StoredCallables {
public:
  StoredCallables(ASTContext &Ctx, CallerIndex &Callers);
  ~StoredCallables();

  /// The functions \p Call (in \p Context) may run when what it calls is a
  /// stored callable, in the order the stores are found; empty when it is
  /// not such a call or no store is visible.
  llvm::ArrayRef<const FunctionDecl *> targetsOf(const CallExpr *Call,
                                                 const FunctionDecl *Context);

  /// The most targets one call resolves to; beyond, the rest are dropped.
  static constexpr unsigned MaxTargets = 32;

private:
  using Targets = llvm::SmallSetVector<const FunctionDecl *, 4>;
  void readsOf(const Expr *E, const FunctionDecl *Context, unsigned Depth,
               Targets &Out);
  void valuesOf(const Expr *E, const FunctionDecl *Context, unsigned Depth,
                Targets &Out);
  void argumentsFor(const ParmVarDecl *Param, const FunctionDecl *Fn,
                    unsigned Depth, Targets &Out);
  const StoreIndex &index();

  ASTContext &Ctx;
  CallerIndex &Callers;
  std::unique_ptr<StoreIndex> Stores;
  llvm::DenseMap<const CallExpr *, std::vector<const FunctionDecl *>> Memo;
  /// The places, locals and parameters one query has already followed.
  llvm::SmallPtrSet<const void *, 16> Seen;
};

} // namespace clang::tidy::daemon

#endif
