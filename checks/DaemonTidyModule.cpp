//===-- DaemonTidyModule.cpp - registers the daemon-* checks --------------===//

#include "DaemonizeStdioCheck.h"
#include "DetachedDanglingReferenceCheck.h"
#include "DetachedDbCommitCheck.h"
#include "DetachedFileWriteCheck.h"
#include "DetachedNetworkSendCheck.h"
#include "DetachedRaiiCleanupCheck.h"
#include "DetachedStaticDestructionCheck.h"
#include "DetachedSubprocessCheck.h"
#include "ExitWithRunningThreadsCheck.h"
#include "JoinDetachMisuseCheck.h"
#include "ThreadExceptionEscapeCheck.h"
#include "UnjoinedThreadCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22 // Later releases declare the registry in
                            // ClangTidyModule.h and deprecate this header.
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy::daemon {

/// The clang-tidy module that owns every `daemon-*` check listed in
/// Checks.def.
class DaemonTidyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
#define DAEMON_CHECK(Name, Class, Summary) Factories.registerCheck<Class>(Name);
#include "Checks.def"
  }
};

// Registration runs from a static initializer, in every front end: the
// standalone tool, daemon-clangd and the clang-tidy plugin.
static ClangTidyModuleRegistry::Add<DaemonTidyModule>
    X("daemon-module", "Checks for misuse of detached (daemon) threads.");

} // namespace clang::tidy::daemon
