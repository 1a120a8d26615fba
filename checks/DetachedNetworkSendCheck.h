//===-- DetachedNetworkSendCheck.h - network-send ---------------*- C++ -*-===//

#ifndef DAEMON_TIDY_DETACHEDNETWORKSENDCHECK_H
#define DAEMON_TIDY_DETACHEDNETWORKSENDCHECK_H

#include "DetachedEffectCheck.h"

namespace clang::tidy::daemon {

/// Finds detached threads that (transitively) sends over the network (a socket,
/// HTTP, mail): the request may never complete when the process exits first.
///
/// For the user-facing documentation see:
/// docs/checks/daemon-detached-network-send.md
class DetachedNetworkSendCheck : public DetachedEffectCheck {
public:
  DetachedNetworkSendCheck(StringRef Name, ClangTidyContext *Context)
      : DetachedEffectCheck(Name, Context, EffectKind::NetworkSend) {}
};

} // namespace clang::tidy::daemon

#endif
