//===-- Names.h - matching declarations against API tables ------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_NAMES_H
#define DAEMON_TIDY_MODEL_NAMES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class NamedDecl;
class CXXRecordDecl;

namespace tidy::daemon {

/// Whether \p D is named \p QualifiedName ("std::thread", "::send"), ignoring
/// inline namespaces such as libc++'s `std::__1`.
bool hasQualifiedName(const NamedDecl *D, llvm::StringRef QualifiedName);

/// Whether \p RD is one of the thread classes of ThreadClasses.def.
bool isThreadClass(const CXXRecordDecl *RD);

/// Whether \p T (not a reference or pointer) is a thread object type.
bool isThreadObjectType(QualType T);

} // namespace tidy::daemon
} // namespace clang

#endif
