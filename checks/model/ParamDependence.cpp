//===-- ParamDependence.cpp - what a function's work depends on -----------===//

#include "ParamDependence.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::daemon {

namespace {

/// The standard classes whose members only compute with what they hold,
/// and the helpers they take as template arguments.
constexpr llvm::StringRef ValueClasses[] = {
    "std::basic_string",  "std::basic_string_view",
    "std::vector",        "std::deque",
    "std::list",          "std::forward_list",
    "std::set",           "std::multiset",
    "std::unordered_set", "std::unordered_multiset",
    "std::map",           "std::multimap",
    "std::unordered_map", "std::unordered_multimap",
    "std::array",         "std::pair",
    "std::allocator",     "std::char_traits",
    "std::less",          "std::hash",
    "std::equal_to",      "std::initializer_list"};

/// The functions, other than members and operators, that only compute.
constexpr llvm::StringRef ValueFunctions[] = {
    "std::move", "std::forward", "std::min", "std::max",
    "::strlen",  "std::strlen",  "::strcmp", "std::strcmp",
    "::strncmp", "std::strncmp", "::strchr", "std::strchr",
    "::strrchr", "std::strrchr", "::strstr", "std::strstr",
    "::memcmp",  "std::memcmp"};

/// The member functions through which a function may add to a member of
/// `this`: none hands anything of the member back.
constexpr llvm::StringRef AddingMembers[] = {
    "push_back", "emplace_back", "push_front", "emplace_front",
    "append",    "reserve",      "clear"};

/// Whether \p D is declared in namespace std or __gnu_cxx, or one nested in
/// them: where the standard libraries keep their iterators.
bool isInStandardLibrary(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
        NS && NS->getParent()->isTranslationUnit())
      return NS->getIdentifier() &&
             (NS->getName() == "std" || NS->getName() == "__gnu_cxx");
  return false;
}

bool isStandardValue(QualType T);

/// Whether \p RD is a standard string, container, pair or iterator, or a
/// helper of theirs, whose template arguments are all standard values: then
/// none of its members runs code of the program.
bool isValueRecord(const CXXRecordDecl *RD) {
  if (!RD || !isInSystemHeader(RD) || !isInStandardLibrary(RD) ||
      !RD->getIdentifier())
    return false;
  llvm::StringRef Name = RD->getName();
  if (!hasAnyQualifiedName(RD, ValueClasses) &&
      !Name.contains_insensitive("iterator") && Name != "__wrap_iter")
    return false;
  // Containers of pointers order and hash by address; an iterator of a
  // string or an array holds a pointer into it.
  bool Iterator = !hasAnyQualifiedName(RD, ValueClasses);
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  return !Spec || llvm::all_of(Spec->getTemplateArgs().asArray(),
                               [&](const TemplateArgument &Arg) {
                                 if (Arg.getKind() != TemplateArgument::Type)
                                   return true;
                                 QualType T = Arg.getAsType();
                                 return isStandardValue(T) &&
                                        (Iterator || !T->isPointerType());
                               });
}

/// Whether \p T is a scalar, a value record or an array of them: what the
/// standard functions and operators may be given. Not an enumeration, whose
/// operators the program may declare, nor a pointer to a function.
bool isStandardValue(QualType T) {
  T = T.getNonReferenceType();
  if (const ArrayType *Array = T->getAsArrayTypeUnsafe())
    return isStandardValue(Array->getElementType());
  if (T->isEnumeralType() || T->isFunctionPointerType() ||
      T->isMemberPointerType() || T->isBlockPointerType())
    return false;
  return T->isScalarType() || isValueRecord(T->getAsCXXRecordDecl());
}

/// Whether a local variable of type \p T is made and destroyed without
/// running code of the program: a standard value, or a trivial class.
bool isPlainLocal(QualType T) {
  if (isStandardValue(T) || T->isEnumeralType())
    return true;
  T = T.getNonReferenceType();
  if (const ArrayType *Array = T->getAsArrayTypeUnsafe())
    return isPlainLocal(Array->getElementType());
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && RD->isTrivial();
}

/// Whether \p Arg, given to a standard function, constructor or operator,
/// is a standard value: none of its conversions runs code of the program.
bool isStandardArgument(const Expr *Arg) {
  return isStandardValue(Arg->getType());
}

/// Whether default-initializing an object of class \p RD runs no code of
/// the program: no member initializer in class, and bases and members that
/// are value types or such classes themselves.
bool defaultBuildsOnlyValues(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  auto Builds = [](QualType T) {
    return isPlainLocal(T) || defaultBuildsOnlyValues(T->getAsCXXRecordDecl());
  };
  return llvm::none_of(RD->fields(),
                       [&](const FieldDecl *Field) {
                         return Field->hasInClassInitializer() ||
                                !Builds(Field->getType());
                       }) &&
         llvm::all_of(RD->bases(), [&](const CXXBaseSpecifier &Base) {
           return Builds(Base.getType());
         });
}

/// Whether running \p Ctor runs no code of the program: one of a value
/// record, a trivial one, or a defaulted default constructor of a class
/// whose parts are built the same way.
bool constructsOnlyValues(const CXXConstructorDecl *Ctor) {
  return isValueRecord(Ctor->getParent()) || Ctor->isTrivial() ||
         (Ctor->isDefaulted() && Ctor->isDefaultConstructor() &&
          defaultBuildsOnlyValues(Ctor->getParent()));
}

/// The parts of an `if`, loop or `switch` that decide what runs: its
/// condition (or the initializer of its condition variable), initializer
/// and increment.
llvm::SmallVector<const Stmt *, 3> controlParts(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 3> Parts;
  auto Add = [&](const Stmt *Part, const VarDecl *Var) {
    if (Var && Var->getInit())
      Parts.push_back(Var->getInit());
    else if (Part)
      Parts.push_back(Part);
  };
  if (const auto *If = dyn_cast<IfStmt>(S))
    Add(If->getCond(), If->getConditionVariable());
  else if (const auto *While = dyn_cast<WhileStmt>(S))
    Add(While->getCond(), While->getConditionVariable());
  else if (const auto *Do = dyn_cast<DoStmt>(S))
    Add(Do->getCond(), nullptr);
  else if (const auto *For = dyn_cast<ForStmt>(S)) {
    Add(For->getCond(), For->getConditionVariable());
    Add(For->getInc(), nullptr);
  } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    Add(Range->getRangeInit(), nullptr);
    Add(Range->getCond(), nullptr);
  } else if (const auto *Switch = dyn_cast<SwitchStmt>(S))
    Add(Switch->getCond(), Switch->getConditionVariable());
  return Parts;
}

/// Whether \p Var, not a local, holds a constant: an integer, enumeration,
/// floating-point or character-array constant, not a pointer or reference.
bool isConstant(const VarDecl *Var, ASTContext &Ctx) {
  QualType T = Var->getType();
  const ArrayType *Array = T->getAsArrayTypeUnsafe();
  return Var->isUsableInConstantExpressions(Ctx) &&
         (T->isIntegralOrEnumerationType() || T->isRealFloatingType() ||
          (Array && Array->getElementType()->isCharType()));
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
      if (isa<AsmStmt, CoroutineBodyStmt, CoreturnStmt, CXXTryStmt, SEHTryStmt>(
              S))
        return false;
      if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
        // Each variable's initializer is a full expression of its own.
        for (const Decl *D : Decls->decls()) {
          const auto *Var = dyn_cast<VarDecl>(D);
          if (!Var || (!Var->hasLocalStorage() && isConstant(Var, Ctx)))
            continue;
          if (!Var->hasLocalStorage() || !isPlainLocal(Var->getType()))
            return false;
          if (const Expr *Init = Var->getInit()) {
            Sites[Init].Control = Control;
            Sites[Init].Locals.push_back(Var);
            Work.push_back({Init, Init, Control, false});
          }
        }
      } else if (isa<IfStmt, WhileStmt, DoStmt, ForStmt, CXXForRangeStmt,
                     SwitchStmt>(S)) {
        Names.OuterControl[S] = Control;
        Names.ControlSites[S] = controlParts(S);
        for (const Stmt *Child : S->children())
          Work.push_back({Child, nullptr, S, false});
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
      // A lambda's captures are its enclosing function's.
      if (Ref->refersToEnclosingVariableOrCapture())
        return false;
      if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
        if (P->getDeclContext() != F)
          return false;
        Sites[Site].Param = true;
        if (!llvm::is_contained(Named, P))
          Named.push_back(P);
      } else if (Var && Var->hasLocalStorage()) {
        if (Var->getDeclContext() != F || Var->isInitCapture())
          return false;
        Sites[Site].Locals.push_back(Var);
      } else if (!(Var && isConstant(Var, Ctx)) && !isa<EnumConstantDecl>(D)) {
        // A function named, not called, goes where the program's code runs.
        return false;
      }
      continue;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const auto *Var = dyn_cast<VarDecl>(Member->getMemberDecl());
      if (Var && !isConstant(Var, Ctx))
        return false;
    }
    // Addresses change from run to run.
    if (const auto *Cast = dyn_cast<CastExpr>(E);
        Cast && Cast->getCastKind() == CK_PointerToIntegral)
      return false;
    if (const auto *Op = dyn_cast<BinaryOperator>(E);
        Op && Op->isRelationalOp() && Op->getLHS()->getType()->isPointerType())
      return false;
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
    // A temporary of a class of the program runs its destructor.
    if (isa<CXXBindTemporaryExpr>(E) && !isPlainLocal(E->getType()))
      return false;
    if (const auto *Full = dyn_cast<FullExpr>(E)) {
      Work.push_back({Full->getSubExpr(), Site, Control, Discarded});
      continue;
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      if (!M || !isValueRecord(M->getParent()))
        return false;
      const Expr *Object = Call->getImplicitObjectArgument();
      const auto *Field =
          Object ? dyn_cast<MemberExpr>(Object->IgnoreParenImpCasts())
                 : nullptr;
      bool OfThis =
          Field && isa<CXXThisExpr>(Field->getBase()->IgnoreParenImpCasts());
      // A member of `this` may only be added to, in a statement of its own.
      if (OfThis && (!Discarded || !M->getIdentifier() ||
                     !llvm::is_contained(AddingMembers, M->getName())))
        return false;
      if (!OfThis)
        Work.push_back({Object, Site, Control, false});
      if (!llvm::all_of(Call->arguments(), isStandardArgument))
        return false;
      Push(Call->arguments(), Site, false);
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      const FunctionDecl *Callee = Op->getDirectCallee();
      const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee);
      if (!Callee || isStreamOrCallOperator(Op->getOperator()))
        return false;
      if ((Method
               ? !isValueRecord(Method->getParent())
               : !isInSystemHeader(Callee) || !isInStandardLibrary(Callee)) ||
          !llvm::all_of(Op->arguments(), isStandardArgument))
        return false;
      Push(Op->arguments(), Site, false);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      // std::move and std::forward only name what they are given; std::min
      // and std::max would compare pointers by address.
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || !hasAnyQualifiedName(Callee, ValueFunctions))
        return false;
      if (hasAnyQualifiedName(Callee, {"std::move", "std::forward"})
              ? Call->getNumArgs() != 1
              : !llvm::all_of(Call->arguments(), isStandardArgument) ||
                    (hasAnyQualifiedName(Callee, {"std::min", "std::max"}) &&
                     llvm::any_of(Call->arguments(), [](const Expr *Arg) {
                       return Arg->getType()->isPointerType();
                     })))
        return false;
      Push(Call->arguments(), Site, false);
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      bool Standard = isValueRecord(Ctor->getParent());
      if (!constructsOnlyValues(Ctor) ||
          !llvm::all_of(Construct->arguments(), [&](const Expr *Arg) {
            return Standard ? isStandardArgument(Arg)
                            : isPlainLocal(Arg->getType());
          }))
        return false;
      Push(Construct->arguments(), Site, false);
      continue;
    }
    Push(E->children(), Site, false);
  }
  return true;
}

} // namespace

ParamDependence::ParamDependence(const FunctionDecl *F, ASTContext &Ctx) {
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
  llvm::SmallPtrSet<const VarDecl *, 8> Derived;
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
  return DependentSites.contains(E);
}

} // namespace clang::tidy::daemon
