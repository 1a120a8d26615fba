//===-- Callables.h - what a callable expression runs -----------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_CALLABLES_H
#define DAEMON_TIDY_MODEL_CALLABLES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::daemon {

/// What a callable expression (a thread's entry, a called function pointer)
/// resolves to.
struct ResolvedCallable {
  /// The function whose body runs: a function, a lambda's call operator, a
  /// functor's operator(), a member function.
  const FunctionDecl *Function = nullptr;
  /// Set instead when the callable is (a copy or move of) a parameter of
  /// the enclosing function: the mark of a spawner wrapper.
  const ParmVarDecl *Parameter = nullptr;
  /// For a lambda that calls one of its captures, the parameter that
  /// capture was initialised from.
  const ParmVarDecl *ForwardedParameter = nullptr;
  /// The lambda expression, when the callable is one.
  const LambdaExpr *Lambda = nullptr;
  /// The std::bind or boost::bind call the callable goes through, if any.
  const CallExpr *Binder = nullptr;
};

/// Resolves \p E, as written in \p Context: function names and pointers,
/// lambdas (also through a local variable initialised once), functor
/// objects, member function pointers, std::bind, std::function. Returns an
/// empty result when it cannot tell.
ResolvedCallable resolveCallable(const Expr *E, const FunctionDecl *Context);

/// The definition of \p F to look into, if it is visible and not in a
/// system header; null otherwise.
const FunctionDecl *followable(const FunctionDecl *F);

/// The function \p Call (in \p Context) runs: its direct callee, a virtual
/// method devirtualized where the object's type is known, or what a
/// function pointer, local lambda or std::function resolves to. Null when
/// it cannot tell.
const FunctionDecl *resolveCallee(const CallExpr *Call,
                                  const FunctionDecl *Context);

} // namespace clang::tidy::daemon

#endif
