//===-- Conditions.cpp - a condition evaluated with bound parameters ------===//

#include "Conditions.h"
#include "Names.h"
#include "clang/AST/APValue.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/SaveAndRestore.h"
#include <string>

namespace clang::tidy::daemon {

namespace {

/// Evaluates a condition over integers and strings, with the parameters of
/// one function bound to the arguments of a call of it. Anything it does
/// not know makes the whole condition unknown.
class Evaluator {
public:
  Evaluator(ASTContext &Ctx, const FunctionDecl *F,
            llvm::ArrayRef<const Expr *> Args)
      : Ctx(Ctx), F(F), Args(Args) {}

  std::optional<llvm::APSInt> integer(const Expr *E);
  std::optional<std::string> string(const Expr *E);

private:
  /// The argument bound to \p E when it names a parameter of F.
  const Expr *argumentFor(const Expr *E) const;
  std::optional<llvm::APSInt> integerCast(const CastExpr *Cast);
  /// \p E as Clang's evaluator folds it, outside a constant context.
  std::optional<llvm::APSInt> fold(const Expr *E);
  std::optional<llvm::APSInt> logical(const BinaryOperator *Op);
  std::optional<llvm::APSInt> stringMember(const CXXMemberCallExpr *Call);
  std::optional<llvm::APSInt> stringEquality(const CXXOperatorCallExpr *Call);
  std::optional<std::string> stringConstant(const DeclRefExpr *Ref);
  llvm::APSInt make(QualType T, uint64_t V) const;

  ASTContext &Ctx;
  const FunctionDecl *F;
  llvm::ArrayRef<const Expr *> Args;
  /// Set while evaluating an argument or an initializer: the parameters it
  /// names are not those of F, even on a recursive call.
  bool Outside = false;
  /// The variables whose initializers are being evaluated.
  llvm::SmallPtrSet<const VarDecl *, 4> Initializing;
};

/// Whether \p RD is std::basic_string or std::basic_string_view of `char`
/// with the standard traits, whose operations this evaluates.
bool isStringClass(const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec ||
      !hasAnyQualifiedName(RD, {"std::basic_string", "std::basic_string_view"}))
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 2 || Args[0].getKind() != TemplateArgument::Type ||
      Args[1].getKind() != TemplateArgument::Type ||
      !Args[0].getAsType()->isCharType())
    return false;
  const auto *Traits = Args[1].getAsType()->getAsCXXRecordDecl();
  return Traits && hasQualifiedName(Traits, "std::char_traits");
}

/// \p E without parentheses and the nodes that only hold a temporary or
/// end a full expression.
const Expr *unwrap(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Full = dyn_cast<FullExpr>(E))
      E = Full->getSubExpr();
    else if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else
      return E;
  }
}

const Expr *Evaluator::argumentFor(const Expr *E) const {
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (Outside || !P || P->getDeclContext() != F ||
      P->getFunctionScopeIndex() >= Args.size())
    return nullptr;
  return Args[P->getFunctionScopeIndex()];
}

llvm::APSInt Evaluator::make(QualType T, uint64_t V) const {
  bool Signed = T->isSignedIntegerOrEnumerationType();
  llvm::APInt Bits(64, V, Signed);
  return llvm::APSInt(Bits.zextOrTrunc(Ctx.getIntWidth(T)), !Signed);
}

std::optional<llvm::APSInt> Evaluator::integer(const Expr *E) {
  E = unwrap(E);
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  if (const Expr *Arg = argumentFor(E)) {
    llvm::SaveAndRestore InArgument(Outside, true);
    return integer(Arg);
  }
  // The nodes taken apart here; any other is folded whole, once, so that a
  // long chain of `&&` is evaluated in linear time.
  if (const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(E))
    return integer(Rewritten->getSemanticForm());
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return integerCast(Cast);
  if (const auto *Op = dyn_cast<UnaryOperator>(E);
      Op && Op->getOpcode() == UO_LNot) {
    if (std::optional<llvm::APSInt> V = integer(Op->getSubExpr()))
      return make(E->getType(), V->isZero());
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<BinaryOperator>(E);
      Op && (Op->isLogicalOp() || Op->isComparisonOp()))
    return logical(Op);
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
      Call && Call->getMethodDecl() &&
      isStringClass(Call->getMethodDecl()->getParent()))
    return stringMember(Call);
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E))
    if (std::optional<llvm::APSInt> V = stringEquality(Call))
      return V;
  return fold(E);
}

std::optional<llvm::APSInt> Evaluator::fold(const Expr *E) {
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Ctx))
    return Result.Val.getInt();
  return std::nullopt;
}

std::optional<llvm::APSInt> Evaluator::integerCast(const CastExpr *Cast) {
  QualType T = Cast->getType();
  switch (Cast->getCastKind()) {
  case CK_NoOp:
  case CK_LValueToRValue:
    return integer(Cast->getSubExpr());
  case CK_PointerToBoolean:
    // A string literal is never null.
    if (string(Cast->getSubExpr()))
      return make(T, 1);
    return std::nullopt;
  case CK_IntegralToBoolean:
    if (std::optional<llvm::APSInt> V = integer(Cast->getSubExpr()))
      return make(T, !V->isZero());
    return std::nullopt;
  case CK_IntegralCast:
    if (std::optional<llvm::APSInt> V = integer(Cast->getSubExpr())) {
      llvm::APSInt Converted = V->extOrTrunc(Ctx.getIntWidth(T));
      Converted.setIsUnsigned(!T->isSignedIntegerOrEnumerationType());
      return Converted;
    }
    return std::nullopt;
  default:
    return fold(Cast);
  }
}

std::optional<llvm::APSInt> Evaluator::logical(const BinaryOperator *Op) {
  std::optional<llvm::APSInt> L = integer(Op->getLHS());
  if (!L)
    return std::nullopt;
  QualType T = Op->getType();
  // The right side of && and || is not evaluated once the left decides.
  if (Op->getOpcode() == BO_LAnd && L->isZero())
    return make(T, 0);
  if (Op->getOpcode() == BO_LOr && !L->isZero())
    return make(T, 1);
  std::optional<llvm::APSInt> R = integer(Op->getRHS());
  if (!R)
    return std::nullopt;
  int Order = llvm::APSInt::compareValues(*L, *R);
  switch (Op->getOpcode()) {
  case BO_LAnd:
  case BO_LOr:
    return make(T, !R->isZero());
  case BO_EQ:
    return make(T, Order == 0);
  case BO_NE:
    return make(T, Order != 0);
  case BO_LT:
    return make(T, Order < 0);
  case BO_GT:
    return make(T, Order > 0);
  case BO_LE:
    return make(T, Order <= 0);
  case BO_GE:
    return make(T, Order >= 0);
  default:
    return std::nullopt;
  }
}

std::optional<llvm::APSInt>
Evaluator::stringMember(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  if (!M || !M->getIdentifier() || !isStringClass(M->getParent()))
    return std::nullopt;
  std::optional<std::string> S = string(Call->getImplicitObjectArgument());
  if (!S)
    return std::nullopt;
  llvm::StringRef Name = M->getName();
  QualType T = Call->getType();
  if (Call->getNumArgs() == 0) {
    if (Name == "size" || Name == "length")
      return make(T, S->size());
    if (Name == "empty")
      return make(T, S->empty());
    return std::nullopt;
  }
  // The first argument is a string or one character.
  const Expr *First = Call->getArg(0);
  std::optional<std::string> Needle = string(First);
  if (!Needle && First->getType()->isAnyCharacterType())
    if (std::optional<llvm::APSInt> C = integer(First))
      Needle = std::string(1, static_cast<char>(C->getExtValue()));
  if (!Needle)
    return std::nullopt;
  if (Call->getNumArgs() == 1) {
    if (Name == "starts_with")
      return make(T, llvm::StringRef(*S).starts_with(*Needle));
    if (Name == "ends_with")
      return make(T, llvm::StringRef(*S).ends_with(*Needle));
    return std::nullopt;
  }
  // The find family, with its position (given or defaulted); the form that
  // also takes a count is not evaluated.
  std::optional<llvm::APSInt> Pos;
  if (Call->getNumArgs() != 2 || !(Pos = integer(Call->getArg(1))))
    return std::nullopt;
  uint64_t From = Pos->getZExtValue();
  std::string::size_type Found;
  if (Name == "find")
    Found = S->find(*Needle, From);
  else if (Name == "rfind")
    Found = S->rfind(*Needle, From);
  else if (Name == "find_first_of")
    Found = S->find_first_of(*Needle, From);
  else if (Name == "find_last_of")
    Found = S->find_last_of(*Needle, From);
  else if (Name == "find_first_not_of")
    Found = S->find_first_not_of(*Needle, From);
  else if (Name == "find_last_not_of")
    Found = S->find_last_not_of(*Needle, From);
  else
    return std::nullopt;
  return make(T, Found);
}

std::optional<llvm::APSInt>
Evaluator::stringEquality(const CXXOperatorCallExpr *Call) {
  OverloadedOperatorKind Op = Call->getOperator();
  const FunctionDecl *Callee = Call->getDirectCallee();
  if ((Op != OO_EqualEqual && Op != OO_ExclaimEqual) ||
      Call->getNumArgs() != 2 || !Callee || !Callee->isInStdNamespace())
    return std::nullopt;
  std::optional<std::string> L = string(Call->getArg(0));
  std::optional<std::string> R = L ? string(Call->getArg(1)) : std::nullopt;
  if (!R)
    return std::nullopt;
  return make(Call->getType(), (*L == *R) == (Op == OO_EqualEqual));
}

std::optional<std::string> Evaluator::string(const Expr *E) {
  E = unwrap(E);
  if (const Expr *Arg = argumentFor(E)) {
    llvm::SaveAndRestore InArgument(Outside, true);
    return string(Arg);
  }
  // A literal with a NUL inside is cut short by the constructors that take
  // a pointer: not evaluated.
  if (const auto *Literal = dyn_cast<StringLiteral>(E)) {
    if (Literal->getCharByteWidth() != 1 || Literal->getString().contains('\0'))
      return std::nullopt;
    return Literal->getString().str();
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return stringConstant(Ref);
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    switch (Cast->getCastKind()) {
    case CK_NoOp:
    case CK_LValueToRValue:
    case CK_ArrayToPointerDecay:
    case CK_ConstructorConversion:
    case CK_UserDefinedConversion:
      return string(Cast->getSubExpr());
    default:
      return std::nullopt;
    }
  }
  // A string or string view made from one string, with default allocator.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0 ||
        !isStringClass(Construct->getConstructor()->getParent()))
      return std::nullopt;
    for (const Expr *Arg : llvm::drop_begin(Construct->arguments()))
      if (!isa<CXXDefaultArgExpr>(Arg))
        return std::nullopt;
    return string(Construct->getArg(0));
  }
  // A std::string converted to a std::string_view.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    if (const auto *Conversion =
            dyn_cast_or_null<CXXConversionDecl>(Call->getMethodDecl()))
      if (isStringClass(Conversion->getParent()))
        return string(Call->getImplicitObjectArgument());
  return std::nullopt;
}

std::optional<std::string> Evaluator::stringConstant(const DeclRefExpr *Ref) {
  // A const variable, not a parameter, keeps the string it starts with.
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  const Expr *Init = Var ? Var->getAnyInitializer() : nullptr;
  // An initializer that names its own variable is not followed around.
  if (!Init || isa<ParmVarDecl>(Var) || !Var->getType().isConstant(Ctx) ||
      !Initializing.insert(Var).second)
    return std::nullopt;
  llvm::SaveAndRestore InInitializer(Outside, true);
  std::optional<std::string> Value = string(Init);
  Initializing.erase(Var);
  return Value;
}

/// Whether \p Cond, or a constexpr function it calls, asks whether it is
/// constant-evaluated (`std::is_constant_evaluated`, `if consteval`,
/// `__builtin_constant_p`).
bool asksForConstantEvaluation(const Expr *Cond) {
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
  llvm::SmallVector<const Stmt *, 16> Work = {Cond};
  auto Follow = [&](const FunctionDecl *Callee) {
    const FunctionDecl *Def = nullptr;
    if (Callee && Callee->isConstexpr() && Callee->getBody(Def) &&
        Seen.insert(Def).second)
      Work.push_back(Def->getBody());
  };
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConsteval())
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      unsigned ID = Call->getBuiltinCallee();
      if (ID == Builtin::BI__builtin_is_constant_evaluated ||
          ID == Builtin::BI__builtin_constant_p)
        return true;
      Follow(Call->getDirectCallee());
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      Follow(Construct->getConstructor());
    Work.append(S->child_begin(), S->child_end());
  }
  return false;
}

} // namespace

std::optional<bool> evaluateCondition(const Expr *Cond, const FunctionDecl *F,
                                      llvm::ArrayRef<const Expr *> Args,
                                      ASTContext &Ctx) {
  // Clang's evaluator runs the condition as a constant expression: code that
  // asks whether it is one would answer otherwise at run time.
  APValue Value;
  if (!asksForConstantEvaluation(Cond) &&
      Cond->EvaluateWithSubstitution(Value, Ctx, F, Args)) {
    if (!Value.isInt())
      return std::nullopt;
    return Value.getInt().getBoolValue();
  }
  if (std::optional<llvm::APSInt> V = Evaluator(Ctx, F, Args).integer(Cond))
    return V->getBoolValue();
  return std::nullopt;
}

bool isConstantArgument(const Expr *Arg, ASTContext &Ctx) {
  if (Arg->isValueDependent())
    return false;
  Expr::EvalResult Result;
  if (Arg->getType()->isIntegralOrEnumerationType())
    return Arg->EvaluateAsInt(Result, Ctx);
  return Evaluator(Ctx, nullptr, {}).string(Arg).has_value();
}

} // namespace clang::tidy::daemon
