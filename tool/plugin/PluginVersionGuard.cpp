//===-- PluginVersionGuard.cpp - refuse to run in the wrong clang-tidy ----===//
//
// The plugin is built against one LLVM release and binds to the symbols of
// the clang-tidy that loads it. In a clang-tidy of another release those
// symbols have the same names but other layouts, so the plugin would run
// wrongly or silently register nothing. Before any other initializer of the
// plugin runs, this guard asks the host for its LLVM version and stops the
// process with one line when it differs.
//
//===----------------------------------------------------------------------===//

#include "DaemonTidyConfig.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <initializer_list>
#include <link.h>
#include <unistd.h>

namespace {

/// The major version in a loaded object's path such as
/// ".../libLLVM.so.19.1", ".../libLLVM-14.so.1" or ".../libclang-cpp.so.14".
int majorFromLibraryPath(const char *Path) {
  for (const char *Stem : {"/libLLVM.so.", "/libLLVM-", "/libclang-cpp.so."}) {
    const char *Hit = std::strstr(Path, Stem);
    if (Hit)
      return std::atoi(Hit + std::strlen(Stem));
  }
  return 0;
}

int majorOfLoadedLibraries() {
  int Major = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Data) {
        int Found = Info->dlpi_name ? majorFromLibraryPath(Info->dlpi_name) : 0;
        if (Found > 0)
          *static_cast<int *>(Data) = Found;
        return Found > 0 ? 1 : 0;
      },
      &Major);
  return Major;
}

/// The LLVM major version of the host process, or 0 when it cannot tell.
int hostLLVMMajor() {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  // LLVMGetVersion exists from LLVM 16 on; older hosts are told apart by the
  // libraries they loaded.
  if (auto *GetVersion = reinterpret_cast<GetVersionFn>(
          dlsym(RTLD_DEFAULT, "LLVMGetVersion"))) {
    unsigned Major = 0, Minor = 0, Patch = 0;
    GetVersion(&Major, &Minor, &Patch);
    return static_cast<int>(Major);
  }
  return majorOfLoadedLibraries();
}

__attribute__((constructor(101))) void refuseForeignHost() {
  int Host = hostLLVMMajor();
  if (Host == DAEMON_TIDY_LLVM_MAJOR)
    return;
  if (Host == 0) {
    // Running in an unknown host could register nothing or crash: refuse.
    std::fprintf(stderr,
                 "error: the daemon-tidy plugin was built for LLVM %d and "
                 "cannot determine the LLVM version of this clang-tidy; use "
                 "clang-tidy-%d\n",
                 DAEMON_TIDY_LLVM_MAJOR, DAEMON_TIDY_LLVM_MAJOR);
    std::fflush(stderr);
    _exit(2);
  }
  std::fprintf(stderr,
               "error: the daemon-tidy plugin was built for LLVM %d but was "
               "loaded into clang-tidy of LLVM %d; use clang-tidy-%d "
               "(daemon-tidy supports LLVM " DAEMON_TIDY_SUPPORTED_RELEASES
               ", with a plugin built for each)\n",
               DAEMON_TIDY_LLVM_MAJOR, Host, DAEMON_TIDY_LLVM_MAJOR);
  std::fflush(stderr);
  _exit(2);
}

} // namespace
