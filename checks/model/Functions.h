//===-- Functions.h - the functions a TU defines ----------------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_FUNCTIONS_H
#define DAEMON_TIDY_MODEL_FUNCTIONS_H

#include "FuncRef.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <vector>

namespace clang::tidy::daemon {

/// Every function definition outside system headers: functions, methods,
/// template instantiations (not their patterns) and lambda call operators.
/// Gathered with the rest of the TU's facts (FunctionFacts.h), and valid
/// as long as \p Ctx.
llvm::ArrayRef<const FunctionDecl *> userFunctionDefinitions(ASTContext &Ctx);

/// What a statement CFG holds besides the statements, as a bit set.
enum CfgExtras : unsigned {
  NoExtras = 0,
  /// The destructors of automatic objects where their scopes end.
  LocalDtors = 1 << 0,
  /// The destructors of temporaries.
  TemporaryDtors = 1 << 1,
  /// A constructor's base and member initializers.
  Initializers = 1 << 2,
};

/// The CFG of \p Fn's body with every statement as an element, as the
/// path-sensitive analyses walk it, and \p Extras; null when Clang cannot
/// build one.
std::unique_ptr<CFG> buildStatementCFG(const FunctionDecl &Fn,
                                       unsigned Extras = NoExtras);

/// Where a node of a function sits in its CFG.
struct CfgPosition {
  const CFGBlock *Block;
  unsigned Index;
};

/// Where each statement, automatic object's destructor (by its VarDecl) and
/// temporary's destructor (by its CXXBindTemporaryExpr) of \p G sits.
llvm::DenseMap<const void *, CfgPosition> positionsIn(const CFG &G);

/// Whether \p Later is on every path from \p At to the function's exit,
/// after it.
bool comesAfter(CFGPostDomTree &PostDom, const CfgPosition &Later,
                const CfgPosition &At);

/// A RecursiveASTVisitor over the code of the translation unit outside
/// system headers, template instantiations included: whole declarations in
/// system headers are skipped.
template <typename Derived>
class UserCodeVisitor : public RecursiveASTVisitor<Derived> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && isInSystemHeader(D))
      return true;
    return RecursiveASTVisitor<Derived>::TraverseDecl(D);
  }
};

/// One hop of a call chain: \p Caller calls \p Callee at \p Loc (for an
/// implicit destructor call, \p Destroyed names the object).
struct CallStep {
  FuncRef Caller;
  FuncRef Callee;
  SourceLocation Loc;
  NameRef Destroyed = {};
};

} // namespace clang::tidy::daemon

#endif
