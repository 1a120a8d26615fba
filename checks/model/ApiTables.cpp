//===-- ApiTables.cpp - classifying calls against the API tables ----------===//

#include "ApiTables.h"
#include "Names.h"
#include "Origins.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::daemon {
namespace {

enum class Operand { Always, Stream, Closing, Fd, FileStream };

struct ApiRow {
  EffectKind Kind;
  llvm::StringRef Name;
  Operand Rule;
  unsigned Index;
  llvm::StringRef Signature;
};

constexpr ApiRow Rows[] = {
#define EFFECT_API(Kind, Name, Rule, Index, Signature)                         \
  {EffectKind::Kind, Name, Operand::Rule, Index, Signature},
#include "EffectApis.def"
};

struct SignalRow {
  llvm::StringRef Name;
  bool AtThreadExit;
};

constexpr SignalRow Signals[] = {
#define COMPLETION_SIGNAL(Name, AtThreadExit) {Name, AtThreadExit},
#include "CompletionSignals.def"
};

/// Whether \p Callee, or a method it overrides, is named \p Name.
bool isNamed(const FunctionDecl *Callee, llvm::StringRef Name) {
  if (hasQualifiedName(Callee, Name))
    return true;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee))
    for (const CXXMethodDecl *Overridden : Method->overridden_methods())
      if (isNamed(Overridden, Name))
        return true;
  return false;
}

/// Whether parameter type \p T fits the signature letter \p Kind.
bool fitsParam(QualType T, char Kind) {
  switch (Kind) {
  case 'i':
    return T->isIntegerType();
  case 's':
    return T->isPointerType() && T->getPointeeType()->isAnyCharacterType();
  case 'p':
  case 'f':
    return T->isPointerType();
  default:
    return true;
  }
}

/// Whether \p Callee is the API of \p Row by its declaration, not only its
/// name: a C API has C linkage, and the parameters fit the row's
/// signature.
bool fitsRow(const FunctionDecl *Callee, const ApiRow &Row) {
  if (Row.Name.starts_with("::") && !Callee->isExternC())
    return false;
  llvm::StringRef Signature = Row.Signature;
  if (Signature == "...")
    return true;
  bool MoreAllowed = Signature.consume_back(".");
  unsigned Count = Callee->getNumParams();
  if (Count < Signature.size() || (!MoreAllowed && Count != Signature.size()))
    return false;
  for (unsigned I = 0; I < Signature.size(); ++I)
    if (!fitsParam(Callee->getParamDecl(I)->getType(), Signature[I]))
      return false;
  return true;
}

bool isFileStreamType(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && (hasQualifiedName(RD, "std::basic_ofstream") ||
                hasQualifiedName(RD, "std::basic_fstream"));
}

/// Whether fopen's mode argument, when it is a literal, opens for reading
/// only.
bool opensReadOnly(const CallExpr *Fopen) {
  if (Fopen->getNumArgs() < 2)
    return false;
  const auto *Mode =
      dyn_cast<StringLiteral>(Fopen->getArg(1)->IgnoreParenImpCasts());
  if (!Mode)
    return false;
  llvm::StringRef Text = Mode->getString();
  return !Text.contains('w') && !Text.contains('a') && !Text.contains('+');
}

/// Whether a FILE* stream is a file that may be written: not stdout or
/// stderr, not a popen pipe, and (for \p Closing) not visibly read-only.
bool isWritableFile(const Expr *Stream, const FunctionDecl *Context,
                    bool Closing, CallerIndex *Callers) {
  if (!Stream)
    return true;
  Origins From =
      traceOrigins(Stream, Context, Context->getASTContext(), Callers);
  if (From.fromCallTo({"::popen"}))
    return false;
  if (!From.Opaque && From.Calls.empty() && From.Constants.empty() &&
      !From.StdStreams.empty())
    return false; // stdout and stderr only
  if (!Closing || From.Opaque || From.Calls.empty())
    return true;
  return !llvm::all_of(From.Calls, [](const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && hasQualifiedName(Callee, "::fopen") && opensReadOnly(Call);
  });
}

/// A descriptor traced to socket()/accept() is a network send; 0, 1 and 2
/// are stdio; anything else is a file.
std::optional<EffectKind> descriptorKind(const Expr *Fd,
                                         const FunctionDecl *Context,
                                         CallerIndex *Callers) {
  if (!Fd)
    return EffectKind::FileWrite;
  Origins From = traceOrigins(Fd, Context, Context->getASTContext(), Callers);
  if (From.fromCallTo({"::socket", "::accept", "::accept4"}))
    return EffectKind::NetworkSend;
  bool OnlyStdio =
      !From.Opaque && From.Calls.empty() && !From.Constants.empty() &&
      llvm::all_of(From.Constants, [](int64_t V) { return V >= 0 && V <= 2; });
  if (OnlyStdio)
    return std::nullopt;
  return EffectKind::FileWrite;
}

/// Names the members of std::ios_base an open mode is built from.
class OpenModeFinder : public RecursiveASTVisitor<OpenModeFinder> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const IdentifierInfo *II = DRE->getDecl()->getIdentifier()) {
      Writes |= II->isStr("out") || II->isStr("app") || II->isStr("trunc");
      Reads |= II->isStr("in");
    }
    return true;
  }
  bool Writes = false;
  bool Reads = false;
};

/// The last component of a qualified name: "write" for "::write".
llvm::StringRef lastComponent(llvm::StringRef QualifiedName) {
  size_t Colons = QualifiedName.rfind("::");
  return Colons == llvm::StringRef::npos ? QualifiedName
                                         : QualifiedName.drop_front(Colons + 2);
}

/// A function's own name as the tables spell it ("operator<<").
std::string ownName(const FunctionDecl *F) {
  if (const IdentifierInfo *II = F->getIdentifier())
    return II->getName().str();
  return F->getDeclName().getAsString();
}

} // namespace

ApiTables::ApiTables(ExtraApis Extra, CallerIndex *Callers)
    : Extra(std::move(Extra)), Callers(Callers) {
  for (unsigned I = 0; I < std::size(Rows); ++I)
    RowsByName[lastComponent(Rows[I].Name)].push_back(I);
}

bool ApiTables::isKnownApi(const FunctionDecl *Callee) const {
  if (auto It = RowsByName.find(ownName(Callee)); It != RowsByName.end())
    for (unsigned I : It->second)
      if (isNamed(Callee, Rows[I].Name) && fitsRow(Callee, Rows[I]))
        return true;
  for (const auto &List : Extra.Names)
    for (const std::string &Name : List)
      if (isNamed(Callee, Name))
        return true;
  return false;
}

std::optional<EffectKind>
ApiTables::classifyCall(const CallExpr *Call, const FunctionDecl *Callee,
                        const FunctionDecl *Context) const {
  llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    Object = Member->getImplicitObjectArgument();
  else if (!Args.empty() && isa<CXXOperatorCallExpr>(Call))
    Object = Args.front();
  return classify(Callee, Args, Object, Context);
}

std::optional<EffectKind>
ApiTables::classify(const FunctionDecl *Callee,
                    llvm::ArrayRef<const Expr *> Args, const Expr *Object,
                    const FunctionDecl *Context) const {
  for (unsigned Kind = 0; Kind < NumEffectKinds; ++Kind)
    for (const std::string &Name : Extra.Names[Kind])
      if (isNamed(Callee, Name))
        return static_cast<EffectKind>(Kind);
  auto Candidates = RowsByName.find(ownName(Callee));
  if (Candidates == RowsByName.end())
    return std::nullopt;
  for (unsigned I : Candidates->second) {
    const ApiRow &Row = Rows[I];
    if (!isNamed(Callee, Row.Name) || !fitsRow(Callee, Row))
      continue;
    const Expr *Arg = Row.Index < Args.size() ? Args[Row.Index] : nullptr;
    switch (Row.Rule) {
    case Operand::Always:
      return Row.Kind;
    case Operand::Stream:
    case Operand::Closing:
      if (isWritableFile(Arg, Context, Row.Rule == Operand::Closing, Callers))
        return Row.Kind;
      return std::nullopt;
    case Operand::Fd:
      return descriptorKind(Arg, Context, Callers);
    case Operand::FileStream:
      if (Object && isFileStreamType(Object->IgnoreImpCasts()->getType()))
        return Row.Kind;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<EffectKind>
ApiTables::classifyDestructor(const CXXRecordDecl *RD,
                              const VarDecl *Var) const {
  if (!RD)
    return std::nullopt;
  if (hasQualifiedName(RD, "std::basic_ofstream"))
    return EffectKind::FileWrite;
  if (!hasQualifiedName(RD, "std::basic_fstream"))
    return std::nullopt;
  // An fstream opened visibly for input only writes nothing back.
  const Expr *VarInit = Var ? Var->getInit() : nullptr;
  const auto *Init =
      VarInit ? dyn_cast<CXXConstructExpr>(VarInit->IgnoreImplicit()) : nullptr;
  if (Init && Init->getNumArgs() >= 2) {
    OpenModeFinder Mode;
    Mode.TraverseStmt(const_cast<Expr *>(Init->getArg(1)));
    if (Mode.Reads && !Mode.Writes)
      return std::nullopt;
  }
  return EffectKind::FileWrite;
}

std::optional<bool> ApiTables::completionSignal(const FunctionDecl *Callee) {
  for (const SignalRow &Row : Signals)
    if (hasQualifiedName(Callee, Row.Name))
      return Row.AtThreadExit;
  return std::nullopt;
}

bool ApiTables::isWait(const FunctionDecl *Callee) {
  static constexpr llvm::StringRef Waits[] = {
#define WAIT_CALL(Name) Name,
#include "Waits.def"
  };
  return llvm::any_of(
      Waits, [&](llvm::StringRef Name) { return isNamed(Callee, Name); });
}

} // namespace clang::tidy::daemon
