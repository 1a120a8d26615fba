//===-- DaemonTidyFuzzer.cpp - libFuzzer harness for the daemon-* checks --===//
//
// Takes each input as a C++ source file and runs every daemon-* check on it
// in process, as daemon-tidy does. The input is compiled as C++17 against
// the small headers in fuzz/stubs only, so that each run is fast; a crash,
// a hang or a sanitizer report is a finding (docs/fuzzing.md).
//
//===----------------------------------------------------------------------===//

#include "TidyCompat.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <cstddef>
#include <cstdint>

using namespace llvm;

namespace clang::tidy::daemon {
namespace {

/// Where the input lives, in an in-memory file system over the real one.
/// Its directory must exist on disk: clang-tidy changes into it.
const char *const InputPath = "/daemon-tidy-fuzz-input.cpp";

/// The compile command of every input.
const tooling::FixedCompilationDatabase &compilations() {
  static const tooling::FixedCompilationDatabase DB(
      "/", {"-std=c++17", "-nostdinc", "-isystem", DAEMON_TIDY_FUZZ_STUBS,
            "-Wno-everything", "-ferror-limit=0"});
  return DB;
}

void analyse(StringRef Source) {
  auto Memory = makeIntrusiveRefCnt<vfs::InMemoryFileSystem>();
  Memory->addFile(InputPath, 0, MemoryBuffer::getMemBufferCopy(Source));
  auto FS =
      makeIntrusiveRefCnt<vfs::OverlayFileSystem>(vfs::getRealFileSystem());
  FS->pushOverlay(Memory);

  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = "-*,daemon-*";
  std::unique_ptr<ClangTidyContext> Context =
      makeContext(std::make_unique<DefaultOptionsProvider>(
          ClangTidyGlobalOptions(), std::move(Options)));
  runChecks(*Context, compilations(), {InputPath}, FS, /*FixNotes=*/false,
            /*Quiet=*/true);
}

} // namespace
} // namespace clang::tidy::daemon

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  clang::tidy::daemon::analyse(
      StringRef(reinterpret_cast<const char *>(Data), Size));
  return 0;
}
