//===-- ParamDependence.cpp - what a function's work depends on -----------===//

#include "ParamDependence.h"
#include "Names.h"
#include "Statements.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::daemon {

namespace {

/// The standard classes whose members only compute with what they hold.
constexpr llvm::StringRef ValueClasses[] = {
    "std::basic_string",  "std::basic_string_view",
    "std::vector",        "std::deque",
    "std::list",          "std::forward_list",
    "std::set",           "std::multiset",
    "std::unordered_set", "std::unordered_multiset",
    "std::map",           "std::multimap",
    "std::unordered_map", "std::unordered_multimap",
    "std::array",         "std::pair",
    "std::allocator",     "std::reverse_iterator"};

/// The functions, other than members and operators, that only compute.
constexpr llvm::StringRef ValueFunctions[] = {
    "std::move", "std::forward", "std::min", "std::max",
    "::strlen",  "std::strlen",  "::strcmp", "std::strcmp",
    "::strncmp", "std::strncmp", "::strchr", "std::strchr",
    "::strrchr", "std::strrchr", "::strstr", "std::strstr",
    "::memcmp",  "std::memcmp"};

/// Whether \p RD is a standard string or container, or an iterator of one.
bool isValueClass(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  if (hasAnyQualifiedName(RD, ValueClasses))
    return true;
  // The iterators of the containers are implementation classes.
  return isInSystemHeader(RD) && RD->getIdentifier() &&
         (RD->getName().contains_insensitive("iterator") ||
          RD->getName() == "__wrap_iter");
}

/// Whether no class in \p RD's hierarchy initializes a member in class.
bool hasNoMemberInitializers(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  for (const FieldDecl *Field : RD->fields())
    if (Field->hasInClassInitializer())
      return false;
  return llvm::all_of(RD->bases(), [](const CXXBaseSpecifier &Base) {
    return hasNoMemberInitializers(Base.getType()->getAsCXXRecordDecl());
  });
}

/// Whether running \p Ctor only computes: a standard string or container,
/// a trivial constructor, or a defaulted one with nothing to initialize.
bool constructsOnlyValues(const CXXConstructorDecl *Ctor) {
  return isValueClass(Ctor->getParent()) || Ctor->isTrivial() ||
         (Ctor->isDefaulted() && hasNoMemberInitializers(Ctor->getParent()));
}

/// The operators whose standard overloads read or write streams, or call
/// what they are given.
bool isStreamOrCallOperator(OverloadedOperatorKind K) {
  return K == OO_LessLess || K == OO_GreaterGreater || K == OO_LessLessEqual ||
         K == OO_GreaterGreaterEqual || K == OO_Call;
}

/// A node still to look at: the full expression (or declaration) it belongs
/// to, the innermost `if`, loop or `switch` around it, and whether its value
/// is discarded by a statement of its own.
struct Item {
  const Stmt *S;
  const Stmt *Site;
  const Stmt *Control;
  bool Discarded;
};

/// The parameters and local variables one full expression names, and the
/// innermost `if`, loop or `switch` that decides whether it runs.
struct SiteRefs {
  bool Param = false;
  llvm::SmallVector<const VarDecl *, 4> Locals;
  const Stmt *Control = nullptr;
};

/// What the walk of a body finds: its full expressions and declarations,
/// and for each `if`, loop or `switch`, the one around it and its own
/// conditions, initializers and increments.
struct BodyNames {
  llvm::DenseMap<const Stmt *, SiteRefs> Sites;
  llvm::DenseMap<const Stmt *, const Stmt *> OuterControl;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const Stmt *, 2>> ControlSites;
};

/// Walks \p F's body and member initializers: whether it passes the test
/// of ParamDependence, with the parameters it names and what \p Names
/// keeps.
bool scanBody(const FunctionDecl *F, const Stmt *Body, ASTContext &Ctx,
              llvm::SmallVectorImpl<const ParmVarDecl *> &Named,
              BodyNames &Names) {
  llvm::SmallVector<Item, 32> Work = {{Body, nullptr, nullptr, false}};
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      Work.push_back({Init->getInit(), nullptr, nullptr, false});
  auto &Sites = Names.Sites;
  while (!Work.empty()) {
    auto [S, Site, Control, Discarded] = Work.pop_back_val();
    auto Push = [&, Control = Control](auto Children, const Stmt *Site,
                                       bool Discarded) {
      for (const Stmt *Child : Children)
        Work.push_back({Child, Site, Control, Discarded});
    };
    if (!S)
      continue;
    const auto *E = dyn_cast<Expr>(S);
    if (!E) {
      if (isa<AsmStmt, CoroutineBodyStmt, CoreturnStmt>(S))
        return false;
      if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
        Sites[S].Control = Control;
        for (const Decl *D : Decls->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D)) {
            if (Var->isStaticLocal() &&
                !Var->isUsableInConstantExpressions(Ctx))
              return false;
            if (Var->hasLocalStorage())
              Sites[S].Locals.push_back(Var);
          }
        Push(S->children(), S, false);
      } else if (isa<IfStmt, WhileStmt, DoStmt, ForStmt, CXXForRangeStmt,
                     SwitchStmt>(S)) {
        Names.OuterControl[S] = Control;
        for (const Stmt *Child : S->children()) {
          if (Child && isa<Expr, DeclStmt>(Child))
            Names.ControlSites[S].push_back(Child);
          Work.push_back({Child, nullptr, S, false});
        }
      } else {
        Push(S->children(), nullptr, isa<CompoundStmt>(S));
      }
      continue;
    }
    if (!Site) {
      Site = E;
      Sites[E].Control = Control;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = Ref->getDecl();
      const auto *Var = dyn_cast<VarDecl>(D);
      if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
        if (P->getDeclContext() != F)
          return false;
        Sites[Site].Param = true;
        if (!llvm::is_contained(Named, P))
          Named.push_back(P);
      } else if (Var && Var->hasLocalStorage()) {
        Sites[Site].Locals.push_back(Var);
      } else if (!(Var && Var->isUsableInConstantExpressions(Ctx)) &&
                 !isa<EnumConstantDecl, FunctionDecl>(D)) {
        return false;
      }
      continue;
    }
    // `this` is reached only outside the calls that add to a member.
    if (isa<CXXThisExpr, CXXNewExpr, CXXDeleteExpr, LambdaExpr, BlockExpr,
            StmtExpr>(E))
      return false;
    // What a throw throws is not work the function goes on with.
    if (isa<CXXThrowExpr>(E))
      continue;
    if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E)) {
      Work.push_back({Default->getExpr(), Site, Control, false});
      continue;
    }
    if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(E)) {
      Work.push_back({Default->getExpr(), Site, Control, false});
      continue;
    }
    if (const auto *Full = dyn_cast<FullExpr>(E)) {
      Work.push_back({Full->getSubExpr(), Site, Control, Discarded});
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      if (!M || !isValueClass(M->getParent()))
        return false;
      const Expr *Object = Call->getImplicitObjectArgument();
      const auto *Field =
          Object ? dyn_cast<MemberExpr>(Object->IgnoreParenImpCasts())
                 : nullptr;
      bool OfThis =
          Field && isa<CXXThisExpr>(Field->getBase()->IgnoreParenImpCasts());
      // A member of `this` may only be added to, in a statement of its own;
      // swap() would hand its contents out.
      if (OfThis && (!Discarded || M->isConst() ||
                     (M->getIdentifier() && M->getName() == "swap")))
        return false;
      if (!OfThis)
        Work.push_back({Object, Site, Control, false});
      Push(Call->arguments(), Site, false);
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      const FunctionDecl *Callee = Op->getDirectCallee();
      const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      if (!Callee || !isInSystemHeader(Callee) ||
          isStreamOrCallOperator(Op->getOperator()) ||
          (Method && !isValueClass(Method->getParent())))
        return false;
      Push(Op->arguments(), Site, false);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || !hasAnyQualifiedName(Callee, ValueFunctions))
        return false;
      Push(Call->arguments(), Site, false);
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (!constructsOnlyValues(Construct->getConstructor()))
        return false;
      Push(Construct->arguments(), Site, false);
      continue;
    }
    Push(E->children(), Site, false);
  }
  return true;
}

} // namespace

ParamDependence::ParamDependence(const FunctionDecl *F, ASTContext &Ctx)
    : F(F) {
  const Stmt *Body = F->getBody();
  BodyNames Names;
  OnlyParams =
      Body && !isInSystemHeader(F) && scanBody(F, Body, Ctx, Named, Names);
  if (!OnlyParams)
    return;
  // A full expression depends on the parameters when it names one, or a
  // local variable that another such expression names, or when an `if`,
  // loop or `switch` around it has such a condition. Its local variables
  // can then hold values computed from the parameters.
  auto Controlled = [&](const Stmt *Control) {
    for (; Control; Control = Names.OuterControl.lookup(Control))
      if (llvm::any_of(Names.ControlSites[Control], [&](const Stmt *Site) {
            return DependentSites.contains(Site);
          }))
        return true;
    return false;
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Site, Refs] : Names.Sites) {
      if (DependentSites.contains(Site) ||
          (!Refs.Param &&
           llvm::none_of(
               Refs.Locals,
               [&](const VarDecl *V) { return Derived.contains(V); }) &&
           !Controlled(Refs.Control)))
        continue;
      DependentSites.insert(Site);
      Derived.insert(Refs.Locals.begin(), Refs.Locals.end());
      Changed = true;
    }
  }
}

bool ParamDependence::dependsOnParams(const Expr *E) const {
  return DependentSites.contains(E) || anyStatement(E, [&](const Stmt *S) {
           const auto *Ref = dyn_cast<DeclRefExpr>(S);
           if (!Ref)
             return false;
           if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl()))
             return P->getDeclContext() == F;
           const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
           return Var && Derived.contains(Var);
         });
}

} // namespace clang::tidy::daemon
