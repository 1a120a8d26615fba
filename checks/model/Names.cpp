//===-- Names.cpp - matching declarations against API tables --------------===//

#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::daemon {

/// Skips contexts that do not qualify a name: inline namespaces such as
/// libc++'s `std::__1`, and `extern "C"` blocks.
static const DeclContext *skipInlineNamespaces(const DeclContext *Ctx) {
  while (Ctx &&
         ((isa<NamespaceDecl>(Ctx) && cast<NamespaceDecl>(Ctx)->isInline()) ||
          isa<LinkageSpecDecl>(Ctx)))
    Ctx = Ctx->getParent();
  return Ctx;
}

/// Whether \p D's own name is \p Name; operators are named "operator<<",
/// constructors by their class.
static bool nameIs(const NamedDecl *D, llvm::StringRef Name) {
  if (const IdentifierInfo *II = D->getIdentifier())
    return II->getName() == Name;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    return Ctor->getParent()->getIdentifier() &&
           Ctor->getParent()->getName() == Name;
  DeclarationName DN = D->getDeclName();
  return DN.getNameKind() == DeclarationName::CXXOperatorName &&
         Name.consume_front("operator") &&
         Name == getOperatorSpelling(DN.getCXXOverloadedOperator());
}

bool hasQualifiedName(const NamedDecl *D, llvm::StringRef QualifiedName) {
  QualifiedName.consume_front("::");
  auto [Scope, Name] = QualifiedName.rsplit("::");
  if (Name.empty())
    std::tie(Scope, Name) = std::make_pair(llvm::StringRef(), QualifiedName);
  if (!nameIs(D, Name))
    return false;
  const DeclContext *Ctx = skipInlineNamespaces(D->getDeclContext());
  // Walk the scopes from the innermost outwards.
  while (!Scope.empty()) {
    auto [Outer, Inner] = Scope.rsplit("::");
    if (Inner.empty())
      std::tie(Outer, Inner) = std::make_pair(llvm::StringRef(), Scope);
    const auto *ND = dyn_cast_or_null<NamedDecl>(Ctx);
    if (!ND || !ND->getIdentifier() || ND->getName() != Inner)
      return false;
    Ctx = skipInlineNamespaces(Ctx->getParent());
    Scope = Outer;
  }
  return !Ctx || Ctx->isTranslationUnit();
}

bool hasAnyQualifiedName(const NamedDecl *D,
                         llvm::ArrayRef<llvm::StringRef> QualifiedNames) {
  return D && llvm::any_of(QualifiedNames, [&](llvm::StringRef Name) {
           return hasQualifiedName(D, Name);
         });
}

bool isCallTo(const CallExpr *Call, llvm::StringRef QualifiedName) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && hasQualifiedName(Callee, QualifiedName);
}

bool isCallTo(const CallExpr *Call,
              llvm::ArrayRef<llvm::StringRef> QualifiedNames) {
  return hasAnyQualifiedName(Call->getDirectCallee(), QualifiedNames);
}

bool isInSystemHeader(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

bool isThreadClass(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
#define THREAD_CLASS(Name, IsStd)                                              \
  if (hasQualifiedName(RD, Name))                                              \
    return true;
#include "ThreadClasses.def"
  return false;
}

bool isStdThreadClass(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
#define THREAD_CLASS(Name, IsStd)                                              \
  if (IsStd && hasQualifiedName(RD, Name))                                     \
    return true;
#include "ThreadClasses.def"
  return false;
}

bool isStdThreadObjectType(QualType T) {
  return !T.isNull() && isStdThreadClass(T->getAsCXXRecordDecl());
}

bool isTerminatingThreadType(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return RD && hasQualifiedName(RD, "std::thread");
}

bool isThreadContainerType(QualType T) {
  if (T.isNull())
    return false;
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType()))
    return isTerminatingThreadType(Array->getElementType());
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  return (hasQualifiedName(Spec, "std::vector") ||
          hasQualifiedName(Spec, "std::deque") ||
          hasQualifiedName(Spec, "std::list") ||
          hasQualifiedName(Spec, "std::array")) &&
         isTerminatingThreadType(Spec->getTemplateArgs()[0].getAsType());
}

bool isThreadObjectType(QualType T) {
  return !T.isNull() && isThreadClass(T->getAsCXXRecordDecl());
}

bool isThreadOwnerType(QualType T) {
  const auto *Spec = T.isNull()
                         ? nullptr
                         : dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                               T->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  return (hasQualifiedName(Spec, "std::unique_ptr") ||
          hasQualifiedName(Spec, "std::optional")) &&
         isTerminatingThreadType(Spec->getTemplateArgs()[0].getAsType());
}

bool destroysThreads(QualType T) {
  return isTerminatingThreadType(T) || isThreadContainerType(T) ||
         isThreadOwnerType(T);
}

bool hasTypedefName(QualType T, llvm::StringRef Name) {
  for (const auto *TT = T->getAs<TypedefType>(); TT;
       TT = TT->getDecl()->getUnderlyingType()->getAs<TypedefType>())
    if (TT->getDecl()->getName() == Name)
      return true;
  return false;
}

bool isThreadHandleType(QualType T) {
  return !T.isNull() &&
         (hasTypedefName(T, "pthread_t") || hasTypedefName(T, "thrd_t"));
}

} // namespace clang::tidy::daemon
