//===-- Names.h - matching declarations against API tables ------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_NAMES_H
#define DAEMON_TIDY_MODEL_NAMES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class Decl;
class NamedDecl;
class CallExpr;
class CXXRecordDecl;

namespace tidy::daemon {

/// Whether \p D is named \p QualifiedName ("std::thread", "::send"), ignoring
/// inline namespaces such as libc++'s `std::__1`.
bool hasQualifiedName(const NamedDecl *D, llvm::StringRef QualifiedName);

/// Whether \p D has one of \p QualifiedNames; false for null.
bool hasAnyQualifiedName(const NamedDecl *D,
                         llvm::ArrayRef<llvm::StringRef> QualifiedNames);

/// Whether \p Call calls a function named \p QualifiedName directly.
bool isCallTo(const CallExpr *Call, llvm::StringRef QualifiedName);

/// Whether \p Call calls a function with one of \p QualifiedNames directly.
bool isCallTo(const CallExpr *Call,
              llvm::ArrayRef<llvm::StringRef> QualifiedNames);

/// Whether \p D is declared in a system header (after macro expansion).
bool isInSystemHeader(const Decl *D);

/// Whether \p RD is one of the thread classes of ThreadClasses.def.
bool isThreadClass(const CXXRecordDecl *RD);

/// Whether \p RD is std::thread or std::jthread, whose join() and detach()
/// throw on a thread object that is not joinable.
bool isStdThreadClass(const CXXRecordDecl *RD);

/// Whether \p T (not a reference or pointer) is std::thread or std::jthread.
bool isStdThreadObjectType(QualType T);

/// Whether \p T is std::thread itself: the one whose destructor calls
/// std::terminate when it is joinable (std::jthread joins, boost::thread
/// detaches).
bool isTerminatingThreadType(QualType T);

/// Whether \p T is a container of std::thread: a built-in array, or a
/// std::vector, std::deque, std::list or std::array of them.
bool isThreadContainerType(QualType T);

/// Whether \p T (not a reference or pointer) is one of the thread classes of
/// ThreadClasses.def.
bool isThreadObjectType(QualType T);

/// Whether \p T owns one std::thread: std::unique_ptr<std::thread> or
/// std::optional<std::thread>.
bool isThreadOwnerType(QualType T);

/// Whether destroying an object of type \p T calls std::terminate when a
/// thread in it is joinable: a std::thread, a container of them, or an
/// owner of one.
bool destroysThreads(QualType T);

/// Whether \p T is spelled through the typedef \p Name (`pthread_attr_t`),
/// directly or through further typedefs.
bool hasTypedefName(QualType T, llvm::StringRef Name);

/// Whether \p T is a C thread handle: `pthread_t` or `thrd_t`.
bool isThreadHandleType(QualType T);

} // namespace tidy::daemon
} // namespace clang

#endif
