//===-- Effects.h - what a thread does that must not be lost ----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_EFFECTS_H
#define DAEMON_TIDY_MODEL_EFFECTS_H

#include "FuncRef.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace clang::tidy::daemon {

/// The effect categories of SPEC §3.
enum class EffectKind { FileWrite, NetworkSend, DatabaseCommit, Subprocess };
constexpr unsigned NumEffectKinds = 4;

/// One call (or implicit destructor call) that performs an effect.
struct Effect {
  EffectKind Kind;
  SourceLocation Loc;
  /// The API it goes through: the function called, or the destructor.
  NameRef Api;
  /// For an effect of a destructor, the variable or member destroyed.
  NameRef Destroyed;
};

/// User additions to the built-in API tables: qualified names per kind.
struct ExtraApis {
  std::vector<std::string> Names[NumEffectKinds];
};

} // namespace clang::tidy::daemon

#endif
