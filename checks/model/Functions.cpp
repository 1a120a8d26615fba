//===-- Functions.cpp - the CFGs of function bodies, and places in them ---===//

#include "Functions.h"

namespace clang::tidy::daemon {

std::unique_ptr<CFG> buildStatementCFG(const FunctionDecl &Fn,
                                       unsigned Extras) {
  if (!Fn.getBody())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = Extras & LocalDtors;
  Options.AddTemporaryDtors = Extras & TemporaryDtors;
  Options.AddInitializers = Extras & Initializers;
  return CFG::buildCFG(&Fn, Fn.getBody(), &Fn.getASTContext(), Options);
}

llvm::DenseMap<const void *, CfgPosition> positionsIn(const CFG &G) {
  llvm::DenseMap<const void *, CfgPosition> Position;
  for (const CFGBlock *B : G) {
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      const void *Node = nullptr;
      if (std::optional<CFGStmt> Stmt = E.getAs<CFGStmt>())
        Node = Stmt->getStmt();
      else if (std::optional<CFGAutomaticObjDtor> Dtor =
                   E.getAs<CFGAutomaticObjDtor>())
        Node = Dtor->getVarDecl();
      else if (std::optional<CFGTemporaryDtor> Temp =
                   E.getAs<CFGTemporaryDtor>())
        Node = Temp->getBindTemporaryExpr();
      if (Node)
        Position.try_emplace(Node, CfgPosition{B, Index});
      ++Index;
    }
  }
  return Position;
}

bool comesAfter(CFGPostDomTree &PostDom, const CfgPosition &Later,
                const CfgPosition &At) {
  return Later.Block == At.Block ? Later.Index > At.Index
                                 : PostDom.dominates(Later.Block, At.Block);
}

} // namespace clang::tidy::daemon
