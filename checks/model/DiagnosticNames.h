//===-- DiagnosticNames.h - how diagnostics name code -----------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_DIAGNOSTICNAMES_H
#define DAEMON_TIDY_MODEL_DIAGNOSTICNAMES_H

#include "FuncRef.h"
#include "clang/AST/Decl.h"
#include <string>

namespace clang::tidy::daemon {

/// How a diagnostic names a function: 'name', 'Class::method', or "the
/// lambda at file.cpp:12".
std::string nameOf(const FunctionDecl *F);

/// The same for a function of this translation unit or of the index.
std::string nameOf(FuncRef F);

/// How a diagnostic names an API or a variable: its plain quoted name,
/// without template arguments.
std::string apiName(const NamedDecl *D);

/// How a diagnostic names an object with static storage: a function-local
/// static by its own name, the others qualified.
std::string staticName(const VarDecl *Var);

} // namespace clang::tidy::daemon

#endif
