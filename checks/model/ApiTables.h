//===-- ApiTables.h - classifying calls against the API tables --*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_APITABLES_H
#define DAEMON_TIDY_MODEL_APITABLES_H

#include "Effects.h"
#include "Origins.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringMap.h"
#include <optional>

namespace clang::tidy::daemon {

/// Decides which calls are effects, from EffectApis.def and the user's
/// additions. Arguments are traced within \p Context, the function that
/// makes the call.
class ApiTables {
public:
  /// \p Callers, when given, lets arguments be traced through parameters
  /// to what the visible callers pass.
  ApiTables(ExtraApis Extra, CallerIndex *Callers = nullptr);

  /// Whether \p Callee is named in a table at all (then the analysis does
  /// not look into its body).
  bool isKnownApi(const FunctionDecl *Callee) const;

  /// The effect of \p Call to \p Callee, if it is one.
  std::optional<EffectKind> classifyCall(const CallExpr *Call,
                                         const FunctionDecl *Callee,
                                         const FunctionDecl *Context) const;

  /// The effect of calling \p Callee with \p Args (on \p Object for a
  /// member function); a missing argument counts as not visible.
  std::optional<EffectKind> classify(const FunctionDecl *Callee,
                                     llvm::ArrayRef<const Expr *> Args,
                                     const Expr *Object,
                                     const FunctionDecl *Context) const;

  /// The effect of destroying an object of type \p RD declared by \p Var
  /// (null for temporaries), if the standard library type's destructor has
  /// one: std::ofstream, and std::fstream unless opened visibly for input
  /// only.
  std::optional<EffectKind> classifyDestructor(const CXXRecordDecl *RD,
                                               const VarDecl *Var) const;

  /// Whether \p Call is a completion signal, and whether it fires only at
  /// thread exit.
  static std::optional<bool> completionSignal(const FunctionDecl *Callee);

  /// Whether a call of \p Callee waits for another thread (Waits.def).
  static bool isWait(const FunctionDecl *Callee);

private:
  /// The rows of EffectApis.def (indices), by the last component of their
  /// name: a call is compared only with the rows of its callee's name.
  llvm::StringMap<llvm::SmallVector<unsigned, 2>> RowsByName;
  ExtraApis Extra;
  CallerIndex *Callers;
};

} // namespace clang::tidy::daemon

#endif
