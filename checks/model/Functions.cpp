//===-- Functions.cpp - the functions a TU defines outside system headers -===//

#include "Functions.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <mutex>

namespace clang::tidy::daemon {
namespace {

/// Collects the definitions; skips whole declarations in system headers.
class FunctionCollector : public UserCodeVisitor<FunctionCollector> {
public:
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

using FunctionList = std::vector<const FunctionDecl *>;

/// The lists of the live ASTContexts; daemon-clangd builds ASTs on several
/// threads. A list is dropped when its ASTContext is destroyed, before the
/// address can be reused. Never destroyed, so that an ASTContext that
/// outlives static destruction still finds them.
struct ListCache {
  std::mutex Mutex;
  llvm::DenseMap<const ASTContext *, std::unique_ptr<FunctionList>> Lists;
};

ListCache &listCache() {
  static ListCache *Cache = new ListCache();
  return *Cache;
}

void forgetList(void *Ctx) {
  ListCache &Cache = listCache();
  std::lock_guard<std::mutex> Lock(Cache.Mutex);
  Cache.Lists.erase(static_cast<const ASTContext *>(Ctx));
}

} // namespace

llvm::ArrayRef<const FunctionDecl *> userFunctionDefinitions(ASTContext &Ctx) {
  ListCache &Cache = listCache();
  {
    std::lock_guard<std::mutex> Lock(Cache.Mutex);
    auto It = Cache.Lists.find(&Ctx);
    if (It != Cache.Lists.end())
      return *It->second;
  }
  FunctionCollector Collector;
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::lock_guard<std::mutex> Lock(Cache.Mutex);
  auto [It, Inserted] = Cache.Lists.try_emplace(&Ctx);
  if (Inserted) {
    It->second = std::make_unique<FunctionList>(std::move(Collector.Functions));
    Ctx.AddDeallocation(forgetList, &Ctx);
  }
  return *It->second;
}

std::unique_ptr<CFG> buildStatementCFG(const FunctionDecl &Fn) {
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
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

std::unique_ptr<CFG> buildCFGWithDestructors(const FunctionDecl &Fn) {
  if (!Fn.getBody())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  return CFG::buildCFG(&Fn, Fn.getBody(), &Fn.getASTContext(), Options);
}

} // namespace clang::tidy::daemon
