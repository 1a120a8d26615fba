//===-- DiagnosticNames.cpp - how diagnostics name code -------------------===//

#include "DiagnosticNames.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::daemon {

std::string apiName(const NamedDecl *D) {
  return "'" + D->getDeclName().getAsString() + "'";
}

std::string nameOf(const FunctionDecl *F) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (Method && Method->getParent()->isLambda())
    return "the lambda";
  if (Method)
    return "'" + Method->getParent()->getNameAsString() +
           "::" + F->getNameAsString() + "'";
  return "'" + F->getNameAsString() + "'";
}

} // namespace clang::tidy::daemon
