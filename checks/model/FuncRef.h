//===-- FuncRef.h - code that may live in another translation unit -*- C++
//-*-===//

#ifndef DAEMON_TIDY_MODEL_FUNCREF_H
#define DAEMON_TIDY_MODEL_FUNCREF_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/Hashing.h"
#include <string>

namespace clang::tidy::daemon {

struct FunctionSummary;

/// A function the analysis follows: one the translation unit defines, or one
/// that only the whole-program index knows, defined in another translation
/// unit. Null when neither.
class FuncRef {
public:
  FuncRef() = default;
  FuncRef(std::nullptr_t) {}
  FuncRef(const FunctionDecl *F) : Decl(F) {}
  FuncRef(const FunctionSummary *F) : Summary(F) {}

  explicit operator bool() const { return Decl || Summary; }
  /// The definition in this translation unit, if it is one.
  const FunctionDecl *decl() const { return Decl; }
  /// The index's summary, if the body is in another translation unit.
  const FunctionSummary *summary() const { return Summary; }
  bool operator==(const FuncRef &Other) const {
    return Decl == Other.Decl && Summary == Other.Summary;
  }
  bool operator!=(const FuncRef &Other) const { return !(*this == Other); }

private:
  const FunctionDecl *Decl = nullptr;
  const FunctionSummary *Summary = nullptr;
};

/// How a diagnostic names an API or an object: from this translation unit's
/// declaration, or as the index spelled it (quoted).
class NameRef {
public:
  NameRef() = default;
  NameRef(std::nullptr_t) {}
  NameRef(const NamedDecl *D) : Decl(D) {}
  explicit NameRef(llvm::StringRef Quoted) : Text(Quoted) {}

  explicit operator bool() const { return Decl || !Text.empty(); }
  const NamedDecl *decl() const { return Decl; }
  /// The quoted name: 'fputs'.
  std::string str() const;

private:
  const NamedDecl *Decl = nullptr;
  llvm::StringRef Text;
};

} // namespace clang::tidy::daemon

template <> struct llvm::DenseMapInfo<clang::tidy::daemon::FuncRef> {
  using FuncRef = clang::tidy::daemon::FuncRef;
  using Fn = clang::FunctionDecl;
  static FuncRef getEmptyKey() {
    return FuncRef(DenseMapInfo<const Fn *>::getEmptyKey());
  }
  static FuncRef getTombstoneKey() {
    return FuncRef(DenseMapInfo<const Fn *>::getTombstoneKey());
  }
  static unsigned getHashValue(const FuncRef &F) {
    return static_cast<unsigned>(
        llvm::hash_combine(F.decl(), static_cast<const void *>(F.summary())));
  }
  static bool isEqual(const FuncRef &A, const FuncRef &B) { return A == B; }
};

#endif
