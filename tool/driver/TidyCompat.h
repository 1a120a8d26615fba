//===-- TidyCompat.h - clang-tidy API across LLVM releases ------*- C++ -*-===//
//
// The few clang-tidy library calls whose signatures differ between the LLVM
// releases daemon-tidy builds against, in one place.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_DRIVER_TIDYCOMPAT_H
#define DAEMON_TIDY_DRIVER_TIDYCOMPAT_H

#include "DaemonTidyConfig.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#if DAEMON_TIDY_LLVM_MAJOR < 22 // Later releases declare the registry in
                                // ClangTidyModule.h.
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif
#include <memory>

namespace clang::tidy::daemon {

/// The checks \p Options enables, without the analyzer's alpha checkers.
inline std::vector<std::string>
enabledCheckNames(const ClangTidyOptions &Options) {
#if DAEMON_TIDY_LLVM_MAJOR >= 22
  return getCheckNames(Options, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                       /*ExperimentalCustomChecks=*/false);
#else
  return getCheckNames(Options, /*AllowEnablingAnalyzerAlphaCheckers=*/false);
#endif
}

inline std::unique_ptr<ClangTidyContext>
makeContext(std::unique_ptr<ClangTidyOptionsProvider> Provider) {
#if DAEMON_TIDY_LLVM_MAJOR >= 22
  return std::make_unique<ClangTidyContext>(
      std::move(Provider), /*AllowEnablingAnalyzerAlphaCheckers=*/false,
      /*EnableModuleHeadersParsing=*/false, /*ExperimentalCustomChecks=*/false);
#else
  return std::make_unique<ClangTidyContext>(std::move(Provider));
#endif
}

/// Gives \p Context a diagnostics engine that reports to \p Consumer, for
/// the diagnostics of creating checks outside an analysis. The engine must
/// not outlive \p Context.
inline std::unique_ptr<DiagnosticsEngine>
attachDiagnostics(ClangTidyContext &Context, DiagnosticConsumer &Consumer) {
#if DAEMON_TIDY_LLVM_MAJOR >= 22
  auto Options = std::make_unique<DiagnosticOptions>();
  auto Engine = std::make_unique<DiagnosticsEngine>(
      DiagnosticIDs::create(), *Options, &Consumer, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(std::move(Options), Engine.get());
#else
  auto Engine = std::make_unique<DiagnosticsEngine>(
      new DiagnosticIDs(), new DiagnosticOptions(), &Consumer,
      /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(Engine.get());
#endif
  return Engine;
}

} // namespace clang::tidy::daemon

#endif
