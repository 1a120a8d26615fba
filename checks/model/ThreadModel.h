//===-- ThreadModel.h - which threads a TU starts and how they end -*- C++ -*-//

#ifndef DAEMON_TIDY_MODEL_THREADMODEL_H
#define DAEMON_TIDY_MODEL_THREADMODEL_H

#include "FuncRef.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::daemon {

/// How a thread was made detached (SPEC §2).
enum class DetachKind {
  /// Not detached, as far as the analysis can see.
  None,
  /// `detach()`, `pthread_detach(tid)`, `thrd_detach(t)` by the creator.
  DetachCall,
  /// `pthread_detach(pthread_self())` or `thrd_detach(thrd_current())` in
  /// the entry.
  DetachSelf,
  /// Created with a PTHREAD_CREATE_DETACHED attribute.
  DetachedAttribute,
  /// `_beginthread`: detached from the start.
  AlwaysDetached,
  /// `CreateThread`/`_beginthreadex` whose handle is closed without a wait.
  HandleClosed,
  /// Started by a spawner wrapper.
  Wrapper,
};

/// A spawner wrapper: a function that runs one of its parameters on a
/// detached thread.
struct SpawnerWrapper {
  const FunctionDecl *Function = nullptr;
  unsigned ParamIndex = 0;
  /// Code the wrapper itself runs on the thread around the parameter (a
  /// lambda that calls it), if any.
  FuncRef InnerEntry;
  /// The spawn inside the wrapper (in another file for a wrapper the index
  /// knows); invalid for wrappers named by option.
  SourceLocation SpawnLoc;
  /// The parameters the wrapper hands, unchanged, to the thread as its
  /// arguments (`pthread_create(&T, 0, Fn, Arg)`, `std::thread(Fn, Arg)`),
  /// in this translation unit.
  llvm::SmallVector<unsigned, 2> ArgumentParams;
};

/// A place that starts a thread, what the thread runs and how it ends.
struct SpawnSite {
  /// Where the thread is constructed or created, or the wrapper called.
  SourceLocation CreationLoc;
  /// The function that contains the creation.
  const FunctionDecl *Creator = nullptr;
  /// The expression naming what the thread runs, in the creator: the
  /// callable of the spawn, or the wrapper call's argument.
  const Expr *Callable = nullptr;
  /// The arguments the spawn hands to the entry (std::thread's extra
  /// arguments, pthread_create's `void *`).
  llvm::SmallVector<const Expr *, 2> Arguments;
  /// The functions that run on the thread (more than one through a wrapper
  /// that adds code of its own): their definitions, in this translation
  /// unit or in the index; a declaration when neither has a body.
  llvm::SmallVector<FuncRef, 2> Entries;
  DetachKind Detach = DetachKind::None;
  /// Where the thread becomes detached (SPEC §4): the detach call, or the
  /// creating call for threads created detached.
  SourceLocation DetachLoc;
  /// The wrapper, for threads started through one.
  const SpawnerWrapper *Wrapper = nullptr;

  bool isDetached() const { return Detach != DetachKind::None; }
};

/// A user-named spawner (check option SpawnerFunctions).
struct NamedSpawner {
  std::string QualifiedName;
  unsigned ParamIndex;
};

class ProjectView;

/// Every thread the translation unit starts in code outside system headers,
/// with its entry and detach state. Spawns whose entry cannot be resolved
/// are left out, as are the spawns inside spawner wrappers (their threads
/// appear at each wrapper call instead). Wrappers defined in other
/// translation units come from the whole-program index.
class ThreadModel {
public:
  ThreadModel(ASTContext &Ctx, std::vector<NamedSpawner> Spawners,
              ProjectView &View);

  llvm::ArrayRef<SpawnSite> spawns() const { return Spawns; }
  /// The spawner wrappers the translation unit defines or calls.
  llvm::ArrayRef<std::unique_ptr<SpawnerWrapper>> wrappers() const {
    return Wrappers;
  }
  std::vector<const SpawnSite *> detachedThreads() const;

private:
  std::vector<SpawnSite> Spawns;
  std::vector<std::unique_ptr<SpawnerWrapper>> Wrappers;
};

} // namespace clang::tidy::daemon

#endif
