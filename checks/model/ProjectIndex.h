//===-- ProjectIndex.h - the whole program, as one TU sees it ---*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_PROJECTINDEX_H
#define DAEMON_TIDY_MODEL_PROJECTINDEX_H

#include "FuncRef.h"
#include "Summary.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <memory>
#include <string>

namespace clang::tidy::daemon {

/// The key of \p F in summaries: its USR; for a function without external
/// linkage (a `static` function, one in an anonymous namespace, a lambda)
/// also the file and offset of its definition, so that two translation
/// units' functions of the same name never meet.
std::string functionKey(const FunctionDecl *F);

/// The same for any declaration (a variable with static storage).
std::string declKey(const NamedDecl *D);

/// How summaries name the file of \p ID: relative to the directory of the
/// compile command when it is under it, else as the command names it. A
/// build system that compiles everything from one root (Bazel's execution
/// root) then gets the same names in every sandbox and on every machine.
std::string summaryPath(const SourceManager &SM, FileID ID);

/// The index at \p Path, read once per process and kept while the file is
/// unchanged. On failure returns null, with \p Error saying why.
std::shared_ptr<const SummarySet> loadIndex(llvm::StringRef Path,
                                            std::string &Error);

/// What one translation unit sees of the whole program: its own definitions,
/// and the index's summaries of the functions defined elsewhere. Its own
/// code always wins over the index. A summary is used only while the text
/// of its function's body is unchanged on disk; otherwise the call is a
/// dead end, as a call without a visible body is.
class ProjectView {
public:
  /// \p OnStale is told about each summary found out of date.
  ProjectView(ASTContext &Ctx, std::shared_ptr<const SummarySet> Index,
              std::function<void(const FunctionSummary &)> OnStale = {});

  bool hasIndex() const { return Index != nullptr; }

  /// The function to look into for a call of \p F: its definition in this
  /// translation unit (outside system headers), else the index's summary
  /// of it while that is fresh; null when there is neither.
  FuncRef follow(const FunctionDecl *F);

  /// The function \p Key names: this translation unit's definition, else
  /// the index's fresh summary; null when there is neither.
  FuncRef resolve(llvm::StringRef Key);

  /// The functions other files pass as argument \p Arg of the function
  /// \p Callee (its key), as resolve() finds them.
  std::vector<FuncRef> passedTo(llvm::StringRef Callee, uint32_t Arg);

  /// Where \p Offset in \p F's file is, in this translation unit's source
  /// manager.
  SourceLocation locate(const FunctionSummary &F, uint32_t Offset);
  SourceLocation locate(const FilePlace &Place);

  /// The summaries this translation unit used, and the keys it looked up
  /// and did not find: what its findings depend on.
  const llvm::StringMap<uint64_t> &lookups() const { return Lookups; }

private:
  bool fresh(const FunctionSummary &F);
  FileID fileOf(llvm::StringRef Path);

  ASTContext &Ctx;
  std::shared_ptr<const SummarySet> Index;
  /// This translation unit's definitions by key, built on first use.
  std::optional<llvm::StringMap<const FunctionDecl *>> Local;
  llvm::DenseMap<const FunctionDecl *, FuncRef> Followed;
  llvm::DenseMap<const FunctionSummary *, bool> Fresh;
  llvm::StringMap<FileID> Files;
  llvm::StringMap<uint64_t> Lookups;
  std::function<void(const FunctionSummary &)> OnStale;
};

} // namespace clang::tidy::daemon

#endif
