//===-- FunctionFacts.h - one scan of a TU for what the checks ask -*- C++ -*-//

#ifndef DAEMON_TIDY_MODEL_FUNCTIONFACTS_H
#define DAEMON_TIDY_MODEL_FUNCTIONFACTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <vector>

namespace clang::tidy::daemon {

/// What the body of one function definition holds. Statements of a lambda
/// written in the body belong to the lambda's call operator, which has
/// facts of its own; a constructor's member initialisers and default
/// arguments are not part of the body.
struct FunctionFacts {
  /// Every call, in the order the body is written.
  std::vector<const CallExpr *> Calls;
  /// Assignments to a member named `sa_handler` or `sa_sigaction`.
  std::vector<const BinaryOperator *> HandlerAssignments;
  /// The call operators of the lambdas written in the body.
  std::vector<const FunctionDecl *> Lambdas;
  /// Whether an expression or a variable has a type that owns threads
  /// (std::thread, or a container or smart pointer of them).
  bool MentionsThread = false;
};

/// How the translation unit uses one std::thread with static storage, or
/// a built-in array of them.
struct StaticThreadUse {
  /// Its initialisation, or the first assignment, that starts a thread.
  SourceLocation Started;
  unsigned References = 0;
  /// References as the object of `joinable()` or `get_id()`, as the target
  /// of an assignment, or as the range of a range-for by reference.
  unsigned Understood = 0;
  bool JoinedOrDetached = false;
};

/// The facts of a whole translation unit, outside system headers, gathered
/// by one walk of its AST.
struct TUFacts {
  /// Every function definition: functions, methods, template
  /// instantiations (not their patterns) and lambda call operators.
  std::vector<const FunctionDecl *> Functions;
  /// The facts of Functions[I].
  std::vector<FunctionFacts> PerFunction;
  llvm::DenseMap<const FunctionDecl *, unsigned> IndexOf;
  /// The static threads, by canonical declaration, in source order.
  llvm::MapVector<const VarDecl *, StaticThreadUse> StaticThreads;
  /// The classes defined (lambdas and dependent classes left out).
  std::vector<const CXXRecordDecl *> Classes;
  /// The members that own threads and are named outside their class's own
  /// member functions (a lambda in a member function is outside).
  llvm::SmallPtrSet<const FieldDecl *, 8> ThreadMembersUsedOutside;

  /// The facts of \p Fn; null for a function that is not one of Functions.
  const FunctionFacts *find(const FunctionDecl &Fn) const;
  /// Whether \p Pred holds for a call in \p Fn's body, lambdas in it
  /// included; true for a function that is not one of Functions.
  bool anyCall(const FunctionDecl &Fn,
               llvm::function_ref<bool(const CallExpr *)> Pred) const;
  /// Whether \p Fn's body, lambdas in it included, mentions a type that
  /// owns threads; true for a function that is not one of Functions.
  bool mentionsThread(const FunctionDecl &Fn) const;
};

/// The facts of \p Ctx: gathered once, when first asked for after the
/// parse, and valid as long as \p Ctx.
const TUFacts &factsOf(ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
