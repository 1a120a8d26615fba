//===-- Conditions.h - a condition evaluated with bound parameters -*- C++ -*-//

#ifndef DAEMON_TIDY_MODEL_CONDITIONS_H
#define DAEMON_TIDY_MODEL_CONDITIONS_H

#include "llvm/ADT/ArrayRef.h"
#include <optional>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;

namespace tidy::daemon {

/// The value of \p Cond, a condition in \p F, when the parameters of \p F
/// hold the values of \p Args (one per parameter, in the callers' code);
/// none when it cannot be told. Clang's constant evaluator folds it first.
/// When it cannot, the condition is evaluated here over integers and
/// strings: a parameter bound to a string literal, or to a `std::string` or
/// `std::string_view` made from one, answers `size`, `length`, `empty`, the
/// `find` family, `starts_with`, `ends_with`, `==` and `!=`, with the
/// standard library's own semantics.
std::optional<bool> evaluateCondition(const Expr *Cond, const FunctionDecl *F,
                                      llvm::ArrayRef<const Expr *> Args,
                                      ASTContext &Ctx);

/// Whether \p Arg is a value evaluateCondition() can use: an integer,
/// enumeration or bool constant expression, or a string as it reads them.
bool isConstantArgument(const Expr *Arg, ASTContext &Ctx);

} // namespace tidy::daemon
} // namespace clang

#endif
