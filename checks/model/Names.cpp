//===-- Names.cpp - matching declarations against API tables --------------===//

#include "Names.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::daemon {

/// Skips inline namespaces such as libc++'s `std::__1`.
static const DeclContext *skipInlineNamespaces(const DeclContext *Ctx) {
  while (Ctx && isa<NamespaceDecl>(Ctx) && cast<NamespaceDecl>(Ctx)->isInline())
    Ctx = Ctx->getParent();
  return Ctx;
}

bool hasQualifiedName(const NamedDecl *D, llvm::StringRef QualifiedName) {
  QualifiedName.consume_front("::");
  auto [Scope, Name] = QualifiedName.rsplit("::");
  if (Name.empty())
    std::tie(Scope, Name) = std::make_pair(llvm::StringRef(), QualifiedName);
  if (!D->getIdentifier() || D->getName() != Name)
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

bool isThreadClass(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
#define THREAD_CLASS(Name)                                                     \
  if (hasQualifiedName(RD, Name))                                              \
    return true;
#include "ThreadClasses.def"
  return false;
}

bool isThreadObjectType(QualType T) {
  return !T.isNull() && isThreadClass(T->getAsCXXRecordDecl());
}

} // namespace clang::tidy::daemon
