//===-- JoinableMembers.h - member threads joinable at destruction -*- C++ -*-//

#ifndef DAEMON_TIDY_MODEL_JOINABLEMEMBERS_H
#define DAEMON_TIDY_MODEL_JOINABLEMEMBERS_H

#include "JoinableLosses.h"
#include "clang/AST/ASTContext.h"
#include <vector>

namespace clang::tidy::daemon {

/// The std::thread members (and containers of them) of the classes of the
/// translation unit that may still be joinable when their owner is
/// destroyed: a constructor or member function leaves them joinable on some
/// path, and the destructor (user-declared or implicit) ends with them
/// joinable on every path. Calls of member functions with visible bodies
/// are followed. Members named outside their class's own member functions,
/// or whose state cannot be followed, are dropped. Each result is an
/// OwnerDestroyed loss at the destructor (an invalid location for an
/// implicit one), with where the member was started.
std::vector<JoinableLoss> findJoinableMembers(ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
