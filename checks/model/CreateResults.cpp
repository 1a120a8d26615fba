//===-- CreateResults.cpp - branches on a thread creation's result --------===//

#include "CreateResults.h"
#include "HandleApis.h"
#include "Origins.h"
#include "clang/AST/ASTContext.h"

namespace clang::tidy::daemon {
namespace {

/// The create call \p E is, or that a local it names was initialised from
/// and keeps.
const CallExpr *createCallIn(const Expr *E, const FunctionDecl &Context) {
  E = E->IgnoreParenCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        !Var->getType()->isReferenceType() && Var->getInit() &&
        !writesTo(Var, &Context).any())
      E = Var->getInit()->IgnoreParenCasts();
  const auto *Call = dyn_cast<CallExpr>(E);
  const HandleApi *Api = Call ? handleApi(Call) : nullptr;
  return Api && Api->Op == HandleOp::Create ? Call : nullptr;
}

/// Whether \p E is the success value: 0 or `thrd_success`.
bool isSuccessValue(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getIdentifier() &&
             Enumerator->getName() == "thrd_success";
  std::optional<llvm::APSInt> Value = E->getIntegerConstantExpr(Ctx);
  return Value && *Value == 0;
}

} // namespace

std::optional<CreateTest> createTestOf(const Expr *Cond,
                                       const FunctionDecl &Context) {
  if (!Cond)
    return std::nullopt;
  bool Negated = false;
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *Not = dyn_cast<UnaryOperator>(Cond)) {
    if (Not->getOpcode() != UO_LNot)
      return std::nullopt;
    Negated = !Negated;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  // A non-zero result is a failure.
  if (const CallExpr *Create = createCallIn(Cond, Context))
    return CreateTest{Create, !Negated};
  const auto *Compare = dyn_cast<BinaryOperator>(Cond);
  if (!Compare || !Compare->isEqualityOp())
    return std::nullopt;
  const ASTContext &Ctx = Context.getASTContext();
  for (auto [Tested, Other] : {std::pair(Compare->getLHS(), Compare->getRHS()),
                               std::pair(Compare->getRHS(), Compare->getLHS())})
    if (const CallExpr *Create = createCallIn(Tested, Context);
        Create && isSuccessValue(Other, Ctx))
      return CreateTest{Create, (Compare->getOpcode() == BO_NE) != Negated};
  return std::nullopt;
}

} // namespace clang::tidy::daemon
