//===-- DiagnosticNames.cpp - how diagnostics name code -------------------===//

#include "DiagnosticNames.h"
#include "Summary.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::daemon {

std::string apiName(const NamedDecl *D) {
  return "'" + D->getDeclName().getAsString() + "'";
}

std::string nameOf(const FunctionDecl *F) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (Method && Method->getParent()->isLambda()) {
    // A file can have many lambdas: name this one by where it is.
    const SourceManager &SM = F->getASTContext().getSourceManager();
    PresumedLoc Where = SM.getPresumedLoc(
        SM.getExpansionLoc(Method->getParent()->getLocation()));
    if (Where.isInvalid())
      return "the lambda";
    return ("the lambda at " + llvm::sys::path::filename(Where.getFilename()) +
            ":" + llvm::Twine(Where.getLine()))
        .str();
  }
  if (Method)
    return "'" + Method->getParent()->getNameAsString() +
           "::" + F->getNameAsString() + "'";
  return "'" + F->getNameAsString() + "'";
}

std::string nameOf(FuncRef F) {
  if (const FunctionDecl *D = F.decl())
    return nameOf(D);
  if (const FunctionSummary *S = F.summary())
    return S->Name.str();
  return "";
}

std::string NameRef::str() const { return Decl ? apiName(Decl) : Text.str(); }

std::string staticName(const VarDecl *Var) {
  return "'" +
         (Var->isStaticLocal() ? Var->getNameAsString()
                               : Var->getQualifiedNameAsString()) +
         "'";
}

} // namespace clang::tidy::daemon
