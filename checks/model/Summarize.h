//===-- Summarize.h - a translation unit's summaries ------------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_SUMMARIZE_H
#define DAEMON_TIDY_MODEL_SUMMARIZE_H

#include "Analysis.h"
#include "Summary.h"
#include <memory>

namespace clang::tidy::daemon {

/// The summaries of the functions the translation unit of \p Ctx defines
/// outside system headers, from the facts \p Analysis and \p Exceptions
/// compute for them, and the files it read with their hashes.
std::unique_ptr<SummarySet>
summarizeTranslationUnit(TUAnalysis &Analysis, ASTContext &Ctx,
                         ExceptionModel &Exceptions);

} // namespace clang::tidy::daemon

#endif
