//===-- PathSets.h - keeping path-sensitive analyses bounded ----*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_PATHSETS_H
#define DAEMON_TIDY_MODEL_PATHSETS_H

#include <iterator>

namespace clang::tidy::daemon {

/// Keeps in \p Merged only the entries that \p Other has with the same
/// value: what two paths merged into one still both know.
template <typename Map> void keepShared(Map &Merged, const Map &Other) {
  for (auto It = Merged.begin(); It != Merged.end();) {
    auto Found = Other.find(It->first);
    bool Same = Found != Other.end() && Found->second == It->second;
    It = Same ? std::next(It) : Merged.erase(It);
  }
}

} // namespace clang::tidy::daemon

#endif
