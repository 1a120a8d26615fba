//===-- Functions.h - the functions a TU defines ----------------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_FUNCTIONS_H
#define DAEMON_TIDY_MODEL_FUNCTIONS_H

#include "clang/AST/ASTContext.h"
#include <vector>

namespace clang::tidy::daemon {

/// Every function definition outside system headers: functions, methods,
/// template instantiations (not their patterns) and lambda call operators.
/// Collected once per ASTContext, when first asked for after the parse, and
/// valid as long as \p Ctx.
llvm::ArrayRef<const FunctionDecl *> userFunctionDefinitions(ASTContext &Ctx);

/// One hop of a call chain: \p Caller calls \p Callee at \p Loc (for an
/// implicit destructor call, \p Destroyed names the object).
struct CallStep {
  const FunctionDecl *Caller;
  const FunctionDecl *Callee;
  SourceLocation Loc;
  const NamedDecl *Destroyed = nullptr;
};

} // namespace clang::tidy::daemon

#endif
