//===-- PathSets.h - keeping path-sensitive analyses bounded ----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_PATHSETS_H
#define DAEMON_TIDY_MODEL_PATHSETS_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include <iterator>
#include <vector>

namespace clang::tidy::daemon {

/// The blocks of a CFG in reverse post-order, the order a path-sensitive
/// walk visits them in, and each block's position in it (a successor at or
/// before its predecessor is a back edge).
struct BlockOrder {
  explicit BlockOrder(const CFG &G) {
    PostOrderCFGView Order(&G);
    for (const CFGBlock *B : Order) {
      Index[B] = Blocks.size();
      Blocks.push_back(B);
    }
  }
  std::vector<const CFGBlock *> Blocks;
  llvm::DenseMap<const CFGBlock *, unsigned> Index;
};

/// Keeps in \p Merged only the entries that \p Other has with the same
/// value: what two paths merged into one still both know.
template <typename Map> void keepShared(Map &Merged, const Map &Other) {
  for (auto It = Merged.begin(); It != Merged.end();) {
    auto Found = Other.find(It->first);
    bool Same = Found != Other.end() && Found->second == It->second;
    It = Same ? std::next(It) : Merged.erase(It);
  }
}

/// The witness whose location comes first in the source: the earliest
/// cause makes the clearest note. \p Witnesses must not be empty.
template <typename Fact>
const Fact &earliestWitness(const std::vector<Fact> &Witnesses) {
  return *llvm::min_element(Witnesses, [](const Fact &A, const Fact &B) {
    return A.Where.getRawEncoding() < B.Where.getRawEncoding();
  });
}

} // namespace clang::tidy::daemon

#endif
