//===-- Stdio.h - writes to stdout/stderr and redirects of them -*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_STDIO_H
#define DAEMON_TIDY_MODEL_STDIO_H

#include "Origins.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::daemon {

/// A set of standard descriptors: bit N stands for descriptor N (0 stdin,
/// 1 stdout, 2 stderr).
using StdioFds = unsigned;
constexpr StdioFds AllStdioFds = 0b111;
constexpr StdioFds stdioFd(int Fd) { return 1u << Fd; }

/// A call that writes to stdout or stderr (StdioApis.def, or a C++ standard
/// stream: `std::cout << x`, `std::cerr.write(...)`).
struct StdioWrite {
  /// 1 for stdout, 2 for stderr.
  int Fd;
  /// The function called, or for a C++ stream its object (`std::cout`).
  const NamedDecl *Api;
  /// The call, or for a C++ stream the stream expression a chain of `<<`
  /// starts from: the calls of `std::cout << a << b` are one write.
  const Expr *Site;
};

/// Whether \p Call, made in \p Context, writes to stdout or stderr. Stream
/// and descriptor arguments are traced through locals (and, with \p
/// Callers, through parameters); a target that cannot be traced to
/// stdout/stderr alone is not a write to them.
std::optional<StdioWrite> stdioWrite(const CallExpr *Call,
                                     const FunctionDecl *Context,
                                     CallerIndex *Callers = nullptr);

/// The standard descriptors that \p Call redirects or closes: `dup2(x, 1)`,
/// `close(2)`, `freopen(path, mode, stdout)`, `fclose(stderr)`,
/// `closefrom(0)`. A descriptor argument that cannot be traced counts as
/// every standard descriptor (loops such as `for (fd = 0; fd < max; ++fd)
/// close(fd)`); a stream argument that cannot be traced counts as none.
StdioFds redirectedStdioFds(const CallExpr *Call, const FunctionDecl *Context,
                            CallerIndex *Callers = nullptr);

} // namespace clang::tidy::daemon

#endif
