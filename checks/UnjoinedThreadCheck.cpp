//===-- UnjoinedThreadCheck.cpp - daemon-unjoined-thread ------------------===//

#include "UnjoinedThreadCheck.h"
#include "model/DiagnosticNames.h"
#include "model/Functions.h"
#include "model/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::daemon {
namespace {

/// Whether the standard library of the TU defines std::jthread (libc++ 19
/// only with -fexperimental-library).
bool definesJThread(const ASTContext &Ctx) {
  std::vector<const DeclContext *> Work;
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *NS = dyn_cast<NamespaceDecl>(D);
        NS && NS->getIdentifier() && NS->getName() == "std")
      Work.push_back(NS);
  while (!Work.empty()) {
    const DeclContext *DC = Work.back();
    Work.pop_back();
    for (const Decl *D : DC->decls()) {
      if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && NS->isInline())
        Work.push_back(NS);
      if (const auto *RD = dyn_cast<CXXRecordDecl>(D);
          RD && RD->getIdentifier() && RD->getName() == "jthread" &&
          RD->isThisDeclarationADefinition())
        return true;
    }
  }
  return false;
}

/// The thread object \p E names: a variable, or a member of `this`.
const ValueDecl *namedObject(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E);
      Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return Member->getMemberDecl();
  return nullptr;
}

/// Counts the mentions of \p Object in \p S, and those that are the object
/// of a member call that means the same on a std::jthread (anything but
/// `detach` and `swap`).
void countUses(const Stmt *S, const ValueDecl *Object, unsigned &All,
               unsigned &Kept) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S);
      E && isa<DeclRefExpr, MemberExpr>(E) && namedObject(E) == Object)
    ++All;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() != "detach" &&
        Method->getName() != "swap" &&
        namedObject(Call->getImplicitObjectArgument()) == Object)
      ++Kept;
  }
  for (const Stmt *Child : S->children())
    countUses(Child, Object, All, Kept);
}

/// Whether \p Init constructs a thread directly from a callable, which a
/// std::jthread accepts the same way.
bool constructsFromCallable(const Expr *Init) {
  if (!Init)
    return true;
  if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(Init))
    Init = Default->getExpr();
  const auto *CE =
      dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()->IgnoreParens());
  return CE && !CE->getConstructor()->isCopyOrMoveConstructor();
}

/// The name of the macro, written in the source, whose expansion \p Loc is
/// in.
StringRef outermostMacro(SourceLocation Loc, const SourceManager &SM,
                         const LangOptions &LangOpts) {
  StringRef Name;
  while (Loc.isMacroID()) {
    Name = Lexer::getImmediateMacroName(Loc, SM, LangOpts);
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return Name;
}

/// Whether \p Macro is a GoogleTest assertion that returns when it fails.
bool isFatalAssertion(StringRef Macro) {
  return Macro.starts_with("ASSERT_") || Macro.starts_with("GTEST_ASSERT_");
}

} // namespace

UnjoinedThreadCheck::UnjoinedThreadCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThrowingFunctions(Options.getLocalOrGlobal("ThrowingFunctions", "")),
      Throwing(ThrowingFunction::parseList(ThrowingFunctions)) {
  Model.IndexPath = Options.getLocalOrGlobal("SummaryIndex", "");
}

void UnjoinedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThrowingFunctions", ThrowingFunctions);
}

void UnjoinedThreadCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  Current = &Ctx;
  HasJThread.reset();
  ExceptionModel &Exceptions = analysisFor(Ctx, Model)->exceptions(Throwing);
  // One warning per object; a template instantiated twice yields the same
  // finding twice.
  llvm::DenseSet<unsigned> Reported;
  for (const FunctionDecl *Fn : userFunctionDefinitions(Ctx)) {
    std::vector<JoinableLoss> Losses = findJoinableLosses(*Fn, Ctx, Exceptions);
    // A normal path to the scope end makes the plainest report: exception
    // paths come second.
    for (bool ExceptionPass : {false, true})
      for (const JoinableLoss &Loss : Losses) {
        if ((Loss.Kind == LossKind::Exception) != ExceptionPass)
          continue;
        if (Loss.Kind == LossKind::Assignment) {
          if (Reported.insert(Loss.Where.getRawEncoding()).second)
            reportAssignment(Loss);
        } else if (Reported.insert(Loss.Object->getLocation().getRawEncoding())
                       .second) {
          reportLocal(Loss, *Fn, Ctx);
        }
      }
  }
  for (const JoinableLoss &Loss : findJoinableMembers(Ctx))
    if (Reported.insert(Loss.Object->getLocation().getRawEncoding()).second)
      reportMember(Loss, Ctx);
  for (const UnjoinedStaticThread &Thread : findUnjoinedStaticThreads(Ctx))
    if (Reported.insert(Thread.Var->getLocation().getRawEncoding()).second)
      reportStatic(Thread);
}

void UnjoinedThreadCheck::onEndOfTranslationUnit() {
  if (Current)
    releaseAnalyses(*Current);
  Current = nullptr;
}

void UnjoinedThreadCheck::reportLocal(const JoinableLoss &Loss,
                                      const FunctionDecl &Fn, ASTContext &Ctx) {
  const auto *Var = cast<VarDecl>(Loss.Object);
  bool Container = isThreadContainerType(Var->getType());
  {
    auto Diag =
        Loss.Kind == LossKind::ScopeEnd
            ? diag(Var->getLocation(),
                   "%select{thread %1 may be|threads in %1 may be}0 destroyed "
                   "while joinable, which calls std::terminate")
                  << Container << Var
            : diag(
                  Var->getLocation(),
                  "%select{if %2 throws|if an exception is thrown}0, "
                  "%select{%1 is|threads in %1 are}3 destroyed while joinable, "
                  "which calls std::terminate")
                  << (Loss.Thrower == nullptr) << Var
                  << (Loss.Thrower ? nameOf(Loss.Thrower) : std::string())
                  << Container;
    const Stmt *Body = Fn.getBody();
    if (!Container)
      if (std::optional<FixItHint> Fix = jthreadFix(*Var, {Body}, Ctx))
        Diag << *Fix;
  }
  if (Loss.Started.isValid() && Loss.Started != Var->getLocation())
    diag(Loss.Started,
         "%select{thread %1 started|a thread is added to %1}0 here",
         DiagnosticIDs::Note)
        << Container << Var;
  if (Loss.Kind == LossKind::ScopeEnd && Loss.Where.isMacroID()) {
    // A `return` inside a macro (GoogleTest's ASSERT_*): name the macro at
    // its use and say why the path leaves.
    const SourceManager &SM = Ctx.getSourceManager();
    StringRef Macro = outermostMacro(Loss.Where, SM, Ctx.getLangOpts());
    diag(SM.getExpansionLoc(Loss.Where),
         "'%0' returns from the function%select{| when it fails}1, and %2 is "
         "destroyed while %select{joinable|a thread in it may be joinable}3",
         DiagnosticIDs::Note)
        << Macro << isFatalAssertion(Macro) << Var << Container;
  } else if (Loss.Kind == LossKind::ScopeEnd) {
    diag(Loss.Where,
         "%0 is destroyed here while %select{joinable|a thread in it may be "
         "joinable}1",
         DiagnosticIDs::Note)
        << Var << Container;
  } else if (Loss.Thrower)
    diag(Loss.Where, "%0 can throw here", DiagnosticIDs::Note)
        << nameOf(Loss.Thrower);
  else
    diag(Loss.Where, "an exception is thrown here", DiagnosticIDs::Note);
}

void UnjoinedThreadCheck::reportAssignment(const JoinableLoss &Loss) {
  diag(Loss.Where,
       "assigning to %0 while it may be joinable calls std::terminate")
      << Loss.Object;
  if (Loss.Started.isValid())
    diag(Loss.Started, "thread %0 started here", DiagnosticIDs::Note)
        << Loss.Object;
}

void UnjoinedThreadCheck::reportMember(const JoinableLoss &Loss,
                                       ASTContext &Ctx) {
  const auto *Field = cast<FieldDecl>(Loss.Object);
  const CXXRecordDecl *Owner = cast<CXXRecordDecl>(Field->getParent());
  bool Container = isThreadContainerType(Field->getType());
  {
    auto Diag = diag(Field->getLocation(),
                     "%select{member thread %1|threads in member %1}0 may be "
                     "destroyed while joinable when %2 is destroyed, which "
                     "calls std::terminate")
                << Container << Field << Owner;
    std::vector<const Stmt *> Uses;
    bool Keeps = !Container;
    for (const CXXMethodDecl *Method : Owner->methods()) {
      Uses.push_back(Method->getBody());
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Method))
        for (const CXXCtorInitializer *Init : Ctor->inits())
          if (Init->getAnyMember() == Field)
            Keeps &= constructsFromCallable(Init->getInit());
    }
    // A jthread member joins when it is destroyed, after the members
    // declared after it: only the last member keeps its neighbours alive.
    const FieldDecl *Last = nullptr;
    for (const FieldDecl *F : Owner->fields())
      Last = F;
    Keeps &=
        Last == Field && constructsFromCallable(Field->getInClassInitializer());
    if (Keeps)
      if (std::optional<FixItHint> Fix = jthreadFix(*Field, Uses, Ctx))
        Diag << *Fix;
  }
  if (Loss.Started.isValid() && Loss.Started != Field->getLocation())
    diag(Loss.Started, "%select{%1 is started|a thread is added to %1}0 here",
         DiagnosticIDs::Note)
        << Container << Field;
  if (Loss.Where.isValid())
    diag(Loss.Where, "%0 does not join or detach %1", DiagnosticIDs::Note)
        << nameOf(Owner->getDestructor()) << Field;
  else
    diag(Owner->getLocation(),
         "the implicit destructor of %0 does not join or detach %1",
         DiagnosticIDs::Note)
        << Owner << Field;
}

void UnjoinedThreadCheck::reportStatic(const UnjoinedStaticThread &Thread) {
  const VarDecl *Var = Thread.Var;
  bool Array = Var->getType()->isArrayType();
  diag(Var->getLocation(),
       "%select{%select{global|static}0 thread %1 is|threads in "
       "%select{global|static}0 array %1 are}2 never joined; %select{it "
       "is|they are}2 destroyed at exit while joinable, which calls "
       "std::terminate")
      << (Var->isStaticLocal() || Var->isStaticDataMember()) << Var << Array;
  if (Thread.Started != Var->getLocation())
    diag(Thread.Started,
         "%select{thread %1 started|a thread is added to %1}0 here",
         DiagnosticIDs::Note)
        << Array << Var;
}

std::optional<FixItHint>
UnjoinedThreadCheck::jthreadFix(const DeclaratorDecl &Object,
                                llvm::ArrayRef<const Stmt *> Uses,
                                ASTContext &Ctx) {
  if (!getLangOpts().CPlusPlus20)
    return std::nullopt;
  if (!HasJThread)
    HasJThread = definesJThread(Ctx);
  if (!*HasJThread || !Object.getTypeSourceInfo())
    return std::nullopt;
  // Every use must mean the same on a std::jthread: no detach (the code
  // relies on not joining), no move, no assignment, no passing it on.
  unsigned All = 0, Kept = 0;
  for (const Stmt *S : Uses)
    countUses(S, &Object, All, Kept);
  if (All != Kept)
    return std::nullopt;
  const auto *Var = dyn_cast<VarDecl>(&Object);
  if (Var && !constructsFromCallable(Var->getInit()))
    return std::nullopt;
  TypeLoc Type = Object.getTypeSourceInfo()->getTypeLoc().getUnqualifiedLoc();
  SourceRange Range = Type.getSourceRange();
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return std::nullopt;
  CharSourceRange Chars = CharSourceRange::getTokenRange(Range);
  StringRef Spelled =
      Lexer::getSourceText(Chars, Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Spelled != "std::thread" && Spelled != "::std::thread" &&
      Spelled != "thread")
    return std::nullopt;
  std::string Replacement = Spelled.str();
  Replacement.insert(Replacement.size() - StringRef("thread").size(), "j");
  return FixItHint::CreateReplacement(Chars, Replacement);
}

} // namespace clang::tidy::daemon
