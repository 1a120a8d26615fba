//===-- Stdio.cpp - writes to stdout/stderr and redirects of them ---------===//

#include "Stdio.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::daemon {
namespace {

enum class Target { Stdout, Stderr, Stream, Fd, FdsFrom };

struct StdioRow {
  llvm::StringRef Name;
  Target Rule;
  unsigned Index;
};

constexpr StdioRow Writes[] = {
#define STDIO_WRITE(Name, Rule, Index) {Name, Target::Rule, Index},
#include "StdioApis.def"
};

constexpr StdioRow Redirects[] = {
#define STDIO_REDIRECT(Name, Rule, Index) {Name, Target::Rule, Index},
#include "StdioApis.def"
};

const StdioRow *findRow(llvm::ArrayRef<StdioRow> Rows,
                        const FunctionDecl *Callee) {
  // A user's own `error()` or `warn()` is not the C library's.
  if (!Callee->getIdentifier() || !isInSystemHeader(Callee))
    return nullptr;
  for (const StdioRow &Row : Rows)
    if (Row.Name.ends_with(Callee->getName()) &&
        hasQualifiedName(Callee, Row.Name))
      return &Row;
  return nullptr;
}

/// The standard descriptors \p Origin may be; nullopt when some source is
/// not visible. A call to `fileno(s)` is the descriptor of stream s.
std::optional<StdioFds> fdsOf(const Origins &From, const FunctionDecl *Context,
                              CallerIndex *Callers, bool Descriptor);

std::optional<StdioFds> traceFds(const Expr *E, const FunctionDecl *Context,
                                 CallerIndex *Callers, bool Descriptor) {
  // stdin is not among the streams Origins knows.
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  if (!Descriptor && DRE && DRE->getDecl()->getIdentifier() &&
      DRE->getDecl()->getName() == "stdin" &&
      DRE->getDecl()->getDeclContext()->isFileContext())
    return stdioFd(0);
  return fdsOf(traceOrigins(E, Context, Context->getASTContext(), Callers),
               Context, Callers, Descriptor);
}

std::optional<StdioFds> fdsOf(const Origins &From, const FunctionDecl *Context,
                              CallerIndex *Callers, bool Descriptor) {
  if (From.Opaque)
    return std::nullopt;
  StdioFds Fds = 0;
  for (int Fd : From.StdStreams)
    Fds |= stdioFd(Fd);
  if (Descriptor)
    for (int64_t Value : From.Constants)
      if (Value >= 0 && Value <= 2)
        Fds |= stdioFd(Value);
  for (const CallExpr *Call : From.Calls) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Descriptor || !Callee || !hasQualifiedName(Callee, "::fileno") ||
        Call->getNumArgs() != 1)
      continue;
    std::optional<StdioFds> Stream =
        traceFds(Call->getArg(0), Context, Callers, /*Descriptor=*/false);
    if (!Stream)
      return std::nullopt;
    Fds |= *Stream;
  }
  return Fds;
}

/// The one descriptor, stdout or stderr, that every source of \p E is.
std::optional<int> writtenFd(const Expr *E, const FunctionDecl *Context,
                             CallerIndex *Callers, bool Descriptor) {
  Origins From = traceOrigins(E, Context, Context->getASTContext(), Callers);
  // Every source must be stdout or stderr: a descriptor from open() or a
  // constant 3 is not.
  unsigned Sources = From.StdStreams.size() + From.Calls.size() +
                     (Descriptor ? From.Constants.size() : 0);
  std::optional<StdioFds> Fds = fdsOf(From, Context, Callers, Descriptor);
  if (!Fds || Sources == 0)
    return std::nullopt;
  for (const CallExpr *Call : From.Calls)
    if (!hasQualifiedName(Call->getDirectCallee(), "::fileno"))
      return std::nullopt;
  if (Descriptor &&
      llvm::any_of(From.Constants, [](int64_t V) { return V < 1 || V > 2; }))
    return std::nullopt;
  if (*Fds == stdioFd(1))
    return 1;
  if (*Fds == stdioFd(2))
    return 2;
  return std::nullopt;
}

/// The standard C++ stream a chain of `<<` (or a member call) writes to,
/// and the expression the chain starts from.
std::optional<StdioWrite> streamWrite(const CallExpr *Call) {
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier() ||
        (Method->getName() != "write" && Method->getName() != "put"))
      return std::nullopt;
    Object = Member->getImplicitObjectArgument();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() != OO_LessLess || Op->getNumArgs() != 2)
      return std::nullopt;
    Object = Op->getArg(0);
  } else {
    return std::nullopt;
  }
  // Down the chain: `std::cout << a << b` is `(std::cout << a) << b`.
  for (;;) {
    Object = Object->IgnoreParenImpCasts();
    const auto *Inner = dyn_cast<CXXOperatorCallExpr>(Object);
    if (!Inner || Inner->getOperator() != OO_LessLess ||
        Inner->getNumArgs() != 2)
      break;
    Object = Inner->getArg(0);
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(Object);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var)
    return std::nullopt;
  for (llvm::StringRef Name : {"std::cout", "std::wcout"})
    if (hasQualifiedName(Var, Name))
      return StdioWrite{1, Var, DRE};
  for (llvm::StringRef Name :
       {"std::cerr", "std::clog", "std::wcerr", "std::wclog"})
    if (hasQualifiedName(Var, Name))
      return StdioWrite{2, Var, DRE};
  return std::nullopt;
}

} // namespace

std::optional<StdioWrite> stdioWrite(const CallExpr *Call,
                                     const FunctionDecl *Context,
                                     CallerIndex *Callers) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  if (std::optional<StdioWrite> Stream = streamWrite(Call))
    return Stream;
  const StdioRow *Row = findRow(Writes, Callee);
  if (!Row)
    return std::nullopt;
  std::optional<int> Fd;
  switch (Row->Rule) {
  case Target::Stdout:
    Fd = 1;
    break;
  case Target::Stderr:
    Fd = 2;
    break;
  case Target::Stream:
  case Target::Fd:
    if (Row->Index < Call->getNumArgs())
      Fd = writtenFd(Call->getArg(Row->Index), Context, Callers,
                     Row->Rule == Target::Fd);
    break;
  case Target::FdsFrom:
    break;
  }
  if (!Fd)
    return std::nullopt;
  return StdioWrite{*Fd, Callee, Call};
}

StdioFds redirectedStdioFds(const CallExpr *Call, const FunctionDecl *Context,
                            CallerIndex *Callers) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const StdioRow *Row = Callee ? findRow(Redirects, Callee) : nullptr;
  if (!Row || Row->Index >= Call->getNumArgs())
    return 0;
  const Expr *Arg = Call->getArg(Row->Index);
  switch (Row->Rule) {
  case Target::Stream:
    return traceFds(Arg, Context, Callers, /*Descriptor=*/false).value_or(0);
  case Target::Fd:
    return traceFds(Arg, Context, Callers, /*Descriptor=*/true)
        .value_or(AllStdioFds);
  case Target::FdsFrom: {
    std::optional<llvm::APSInt> From =
        Arg->getIntegerConstantExpr(Context->getASTContext());
    if (!From)
      return AllStdioFds;
    int64_t First = From->getExtValue();
    return First > 2 ? 0 : AllStdioFds & ~(stdioFd(First) - 1);
  }
  case Target::Stdout:
  case Target::Stderr:
    break;
  }
  return 0;
}

} // namespace clang::tidy::daemon
