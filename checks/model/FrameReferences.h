//===-- FrameReferences.h - what a thread holds of its creator --*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_FRAMEREFERENCES_H
#define DAEMON_TIDY_MODEL_FRAMEREFERENCES_H

#include "ThreadModel.h"
#include <vector>

namespace clang::tidy::daemon {

/// A reference or pointer into the creator's frame that a spawn hands to
/// its thread (SPEC §5, §7 "References").
struct FrameReference {
  enum KindOf {
    /// `[&Buf]`, `[&]` with a use, `[&R = Buf]`.
    CaptureByReference,
    /// `[this]`, or `this` captured implicitly by `[=]` or `[&]`.
    CaptureThis,
    /// `std::ref(Buf)` or `std::cref(Buf)`.
    RefWrapper,
    /// `&Buf`, `&Buf.Field`, a local array decaying to a pointer.
    Pointer,
    /// `Buf.data()`, `Buf.c_str()`, `std::string_view(Buf)`, `std::span`.
    View,
    /// `this` passed as an argument.
    ThisArgument,
  } Kind;
  /// Where the reference is made: the capture, or the argument.
  SourceLocation Loc;
  /// The local or by-value parameter referred to; null for `this`.
  const VarDecl *Object = nullptr;
  /// For an implicit capture, the first use in the lambda's body.
  SourceLocation UseLoc;
};

/// The references into \p Site's creator frame that the spawn hands to the
/// thread, in source order: by its lambda's captures, the arguments of the
/// spawn or of std::bind. Referents whose lifetime is not visible (what a
/// reference or pointer parameter refers to) are not included.
std::vector<FrameReference> frameReferences(const SpawnSite &Site);

/// Whether \p Site's creator waits for another thread (Waits.def) after the
/// detach and before \p Object's scope ends (before it returns, for a
/// parameter or for `this`, when \p Object is null).
bool creatorWaitsWithin(const SpawnSite &Site, const VarDecl *Object,
                        ASTContext &Ctx);

} // namespace clang::tidy::daemon

#endif
