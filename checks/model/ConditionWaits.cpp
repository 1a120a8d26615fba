//===-- ConditionWaits.cpp - whom a condition-variable wait waits for -----===//

#include "ConditionWaits.h"
#include "Names.h"
#include "ThreadModel.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::daemon {
namespace {

/// How many functions a thread's code may span before the answer is
/// "unsure".
constexpr unsigned MaxFunctions = 2000;

/// The variable \p E names, if it names an object of its own (not a
/// reference or a pointer, which may alias another).
const VarDecl *namedObject(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && !Var->getType()->isReferenceType() &&
                 !Var->getType()->isPointerType()
             ? Var
             : nullptr;
}

bool isConditionClass(const CXXRecordDecl *Class) {
  return Class && Class->getIdentifier() && Class->isInStdNamespace() &&
         (Class->getName() == "condition_variable" ||
          Class->getName() == "condition_variable_any");
}

/// For a C call taking a condition variable as `&Cv` first: that variable,
/// or null when it is not named directly.
const VarDecl *addressedObject(const CallExpr &Call) {
  if (Call.getNumArgs() == 0)
    return nullptr;
  const auto *AddressOf =
      dyn_cast<UnaryOperator>(Call.getArg(0)->IgnoreParenImpCasts());
  return AddressOf && AddressOf->getOpcode() == UO_AddrOf
             ? namedObject(AddressOf->getSubExpr())
             : nullptr;
}

/// The object a notify call \p S notifies: set \p IsNotify, and return the
/// variable when it is named directly.
const VarDecl *notified(const Stmt *S, bool &IsNotify) {
  IsNotify = false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    IsNotify = Method && Method->getIdentifier() &&
               isConditionClass(Method->getParent()) &&
               Method->getName().starts_with("notify_");
    return IsNotify ? namedObject(Member->getImplicitObjectArgument())
                    : nullptr;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  IsNotify = Call && isCallTo(Call, {"::pthread_cond_signal",
                                     "::pthread_cond_broadcast", "::cnd_signal",
                                     "::cnd_broadcast"});
  return IsNotify ? addressedObject(*Call) : nullptr;
}

/// Whether \p Body may notify \p Condition: a notify of it or of an object
/// not named directly, or a call that cannot be followed. The functions it
/// calls or names are added to \p Work.
bool mayNotifyIn(const Stmt *Body, const VarDecl &Condition,
                 llvm::SmallVectorImpl<const FunctionDecl *> &Work) {
  llvm::SmallVector<const Stmt *, 32> Nodes = {Body};
  while (!Nodes.empty()) {
    const Stmt *S = Nodes.pop_back_val();
    if (!S)
      continue;
    bool IsNotify = false;
    const VarDecl *Object = notified(S, IsNotify);
    if (IsNotify &&
        (!Object || Object->getCanonicalDecl() == Condition.getCanonicalDecl()))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      // A call through a pointer, or of a std::function: unknown code.
      if (!Callee || (isInSystemHeader(Callee) && isa<CXXMethodDecl>(Callee) &&
                      Callee->getOverloadedOperator() == OO_Call))
        return true;
      if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
          Method && Method->isVirtual())
        return true;
      Work.push_back(Callee);
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl()))
        Work.push_back(F);
    // An object of the program's own class may be handed to code that
    // calls its members (a functor given to std::thread): all of them count.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
      const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
      if (!isInSystemHeader(Class))
        for (const CXXMethodDecl *Method : Class->methods())
          Work.push_back(Method);
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      Nodes.push_back(Lambda->getBody());
    Nodes.append(S->child_begin(), S->child_end());
  }
  return false;
}

} // namespace

const VarDecl *waitedCondition(const Expr *E) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    return Method && Method->getIdentifier() &&
                   isConditionClass(Method->getParent()) &&
                   Method->getName().starts_with("wait")
               ? namedObject(Member->getImplicitObjectArgument())
               : nullptr;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  return Call && isCallTo(Call,
                          {"::pthread_cond_wait", "::pthread_cond_timedwait",
                           "::cnd_wait", "::cnd_timedwait"})
             ? addressedObject(*Call)
             : nullptr;
}

bool mayNotify(const SpawnSite &Site, const VarDecl &Condition) {
  llvm::SmallVector<const FunctionDecl *, 32> Work;
  for (FuncRef Entry : Site.Entries) {
    if (!Entry.decl())
      return true; // its body is in another file
    Work.push_back(Entry.decl());
  }
  llvm::SmallPtrSet<const FunctionDecl *, 32> Seen;
  while (!Work.empty()) {
    const FunctionDecl *F = Work.pop_back_val();
    if (isInSystemHeader(F) || !Seen.insert(F->getCanonicalDecl()).second)
      continue;
    const FunctionDecl *Def = nullptr;
    if (!F->hasBody(Def) || Seen.size() > MaxFunctions)
      return true;
    if (mayNotifyIn(Def->getBody(), Condition, Work))
      return true;
  }
  return false;
}

} // namespace clang::tidy::daemon
