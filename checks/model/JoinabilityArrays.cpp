//===-- JoinabilityArrays.cpp - arrays of threads walked by index ---------===//

#include "IndexLoops.h"
#include "JoinabilityFlow.h"
#include "Statements.h"
#include "ThreadObjectExprs.h"

namespace clang::tidy::daemon {
namespace {

/// What an index loop's body does to the elements of one array.
struct ElementWork {
  /// Element uses in the body, and those understood below.
  unsigned Uses = 0;
  unsigned Understood = 0;
  bool Starts = false;
  bool Ends = false;
  /// The first start or end.
  SourceLocation Where;
};

/// The name of the method \p Call calls, if it is a member call.
StringRef methodName(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
  return M && M->getIdentifier() ? M->getName() : "";
}

/// The element of an array walked by \p For that \p E designates.
std::optional<IndexedElement> elementOf(const Expr *E, const ForStmt &For,
                                        const ParentMap &PM,
                                        const FunctionDecl &Fn) {
  std::optional<IndexedElement> Element =
      indexedElement(E, /*AddressOf=*/false, PM, Fn);
  if (!Element || Element->Loop.Loop != &For)
    return std::nullopt;
  return Element;
}

} // namespace

bool JoinabilityFlow::isFollowedElementUse(const ImplicitCastExpr *Decay,
                                           const ValueDecl *Obj) const {
  const auto *Element = dyn_cast_or_null<ArraySubscriptExpr>(parentOf(Decay));
  std::optional<IndexedElement> Indexed =
      Element ? indexedElement(Element, /*AddressOf=*/false, PM, Fn)
              : std::nullopt;
  if (!Indexed || Indexed->Array != Obj)
    return false;
  const Stmt *User = parentOf(Element);
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(User)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(parentOf(Member));
    StringRef Name = Call ? methodName(Call) : "";
    return Name == "join" || Name == "detach" || Name == "joinable" ||
           Name == "get_id";
  }
  const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(User);
  return Assign && Assign->getOperator() == OO_Equal &&
         skipTransparent(Assign->getArg(0)) == Element;
}

void JoinabilityFlow::handleIndexLoop(const ForStmt &For, PathState &P) {
  std::optional<IndexLoop> Loop = indexLoopOf(For, Fn);
  if (!Loop)
    return;
  std::map<const ValueDecl *, ElementWork> Work;
  anyStatement(For.getBody(), [&](const Stmt *S) {
    if (const auto *E = dyn_cast<ArraySubscriptExpr>(S))
      if (std::optional<IndexedElement> Element = elementOf(E, For, PM, Fn))
        ++Work[Element->Array].Uses;
    return false;
  });
  if (Work.empty())
    return;
  // The statements that run for every index: the body, the blocks in it,
  // and the then-branch of `if (A[I].joinable())`.
  auto IsGuard = [&](const IfStmt &If) {
    const auto *Test =
        dyn_cast<CXXMemberCallExpr>(If.getCond()->IgnoreParenImpCasts());
    std::optional<IndexedElement> Tested =
        Test && methodName(Test) == "joinable"
            ? elementOf(Test->getImplicitObjectArgument(), For, PM, Fn)
            : std::nullopt;
    if (Tested)
      ++Work[Tested->Array].Understood;
    return Tested.has_value();
  };
  forEveryTripStatement(For.getBody(), IsGuard, [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return true;
    E = E->IgnoreParenImpCasts();
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      StringRef Name = methodName(Call);
      std::optional<IndexedElement> Element =
          elementOf(Call->getImplicitObjectArgument(), For, PM, Fn);
      if (Element && (Name == "join" || Name == "detach")) {
        ElementWork &W = Work[Element->Array];
        ++W.Understood;
        W.Ends = true;
        if (W.Where.isInvalid())
          W.Where = Call->getExprLoc();
      }
      return true;
    }
    if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(E);
        Assign && Assign->getOperator() == OO_Equal) {
      std::optional<IndexedElement> Element =
          elementOf(Assign->getArg(0), For, PM, Fn);
      std::optional<ObjectFact> Started =
          constructedState(Assign->getArg(1), Assign->getExprLoc());
      if (Element && Started && Started->Joinable) {
        ElementWork &W = Work[Element->Array];
        ++W.Understood;
        W.Starts = true;
        if (W.Where.isInvalid())
          W.Where = Assign->getArg(1)->getBeginLoc();
      }
    }
    return true;
  });
  for (const auto &[Array, W] : Work) {
    if (Escaped.count(Array) || (isa<FieldDecl>(Array) && ThisEscapes))
      continue;
    const auto *Type =
        dyn_cast<ConstantArrayType>(Array->getType().getCanonicalType());
    bool All =
        Type && Loop->Lo == 0 && Loop->Hi &&
        *Loop->Hi == static_cast<int64_t>(Type->getSize().getZExtValue());
    auto It = P.Objects.find(Array);
    if (W.Uses != W.Understood || (W.Starts && W.Ends)) {
      P.Objects.erase(Array);
    } else if (W.Starts) {
      if (It == P.Objects.end() || !It->second.Joinable) {
        ObjectFact Holding = ObjectFact::joinable();
        Holding.Where = W.Where;
        Holding.StartedRange = Loop->Range;
        Holding.StartedAll = All;
        P.Objects[Array] = Holding;
      }
    } else if (W.Ends) {
      bool Known = It != P.Objects.end();
      // A loop over a constant part of an array started in full leaves the
      // rest joinable; one over a range the analysis cannot compare leaves
      // it unknown.
      bool Part = Known && It->second.Joinable && It->second.StartedAll &&
                  Loop->Lo && Loop->Hi;
      if (All || (Known && It->second.StartedRange == Loop->Range))
        P.Objects[Array] =
            ObjectFact::notJoinable(NotJoinableReason::Joined, W.Where);
      else if (Known && It->second.Joinable && !Part)
        P.Objects.erase(It);
    }
  }
}

} // namespace clang::tidy::daemon
