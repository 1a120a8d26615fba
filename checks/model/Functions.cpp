//===-- Functions.cpp - the functions a TU defines outside system headers -===//

#include "Functions.h"
#include "Names.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::daemon {
namespace {

/// Collects the definitions; skips whole declarations in system headers.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && isInSystemHeader(D))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitFunctionDecl(FunctionDecl *F) {
    if (F->doesThisDeclarationHaveABody() && !F->isDependentContext())
      Functions.push_back(F);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    const CXXMethodDecl *Op = L->getCallOperator();
    if (Op && Op->hasBody() && !Op->isDependentContext())
      Functions.push_back(Op);
    return true;
  }

  std::vector<const FunctionDecl *> Functions;
};

} // namespace

std::vector<const FunctionDecl *> userFunctionDefinitions(ASTContext &Ctx) {
  FunctionCollector Collector;
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::move(Collector.Functions);
}

} // namespace clang::tidy::daemon
