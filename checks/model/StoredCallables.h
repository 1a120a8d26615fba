//===-- StoredCallables.h - calls through stored callables ------*- C++ -*-===//

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

/// Whether a value of type \p T is a callable that code keeps to call
/// later: a function pointer, a std::function or std::move_only_function.
bool isStoredCallableType(QualType T);

/// What a call of a stored callable may run.
struct StoredTargets {
  /// The functions stored, in the order the stores are found.
  std::vector<const FunctionDecl *> Functions;
  /// The stores that keep a parameter of a function other files may call:
  /// the call may also run what they pass for it.
  std::vector<std::pair<const FunctionDecl *, unsigned>> Open;
};

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

  /// What \p Call (in \p Context) may run when what it calls is a stored
  /// callable; empty when it is not such a call or no store is visible.
  const StoredTargets &targetsOf(const CallExpr *Call,
                                 const FunctionDecl *Context);

  /// The most targets one call resolves to; beyond, the rest are dropped.
  static constexpr unsigned MaxTargets = 32;

private:
  using Targets = llvm::SmallSetVector<const FunctionDecl *, 4>;
  /// What the callable \p E reads may be; \p InStore once the value has
  /// come through a store, whose parameters stand for every caller's
  /// argument.
  void readsOf(const Expr *E, const FunctionDecl *Context, unsigned Depth,
               bool InStore, Targets &Out);
  void valuesOf(const Expr *E, const FunctionDecl *Context, unsigned Depth,
                bool InStore, Targets &Out);
  void argumentsFor(const ParmVarDecl *Param, const FunctionDecl *Fn,
                    unsigned Depth, Targets &Out);
  /// Targets' Open, for the query in progress.
  std::vector<std::pair<const FunctionDecl *, unsigned>> *Open = nullptr;
  const StoreIndex &index();

  ASTContext &Ctx;
  CallerIndex &Callers;
  std::unique_ptr<StoreIndex> Stores;
  llvm::DenseMap<const CallExpr *, StoredTargets> Memo;
  /// The places, locals and parameters one query has already followed.
  llvm::SmallPtrSet<const void *, 16> Seen;
};

} // namespace clang::tidy::daemon

#endif
