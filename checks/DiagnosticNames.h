//===-- DiagnosticNames.h - how diagnostics name code -----------*- C++ -*-===//

#ifndef DAEMON_TIDY_DIAGNOSTICNAMES_H
#define DAEMON_TIDY_DIAGNOSTICNAMES_H

#include "clang/AST/Decl.h"
#include <string>

namespace clang::tidy::daemon {

/// How a diagnostic names a function: 'name', 'Class::method', or
/// "the lambda".
std::string nameOf(const FunctionDecl *F);

/// How a diagnostic names an API or a variable: its plain quoted name,
/// without template arguments.
std::string apiName(const NamedDecl *D);

} // namespace clang::tidy::daemon

#endif
