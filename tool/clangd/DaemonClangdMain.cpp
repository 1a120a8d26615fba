//===-- DaemonClangdMain.cpp - clangd with the daemon-* checks ------------===//
//
// clangd itself, with the daemon-* module linked in. The only addition is a
// default --resource-dir: clangd derives it from its own path, which for
// this binary is not an LLVM installation.
//
//===----------------------------------------------------------------------===//

#include "DaemonTidyConfig.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::clangd {
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

int main(int Argc, char *Argv[]) {
  std::vector<char *> Args(Argv, Argv + Argc);
  bool HasResourceDir = false;
  for (llvm::StringRef Arg : llvm::ArrayRef(Argv, Argc))
    HasResourceDir |=
        Arg.starts_with("--resource-dir") || Arg.starts_with("-resource-dir");
  static char ResourceDir[] = "--resource-dir=" DAEMON_TIDY_RESOURCE_DIR;
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDir);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
