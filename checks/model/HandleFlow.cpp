//===-- HandleFlow.cpp - joins and detaches of C thread handles -----------===//

#include "HandleFlow.h"
#include "Callables.h"
#include "CreateResults.h"
#include "FunctionFacts.h"
#include "Functions.h"
#include "HandleApis.h"
#include "IndexLoops.h"
#include "Names.h"
#include "ParamThreadOps.h"
#include "PathSets.h"
#include "SelfDetaches.h"
#include "Statements.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>
#include <set>
#include <tuple>

namespace clang::tidy::daemon {
namespace {

/// Limits that keep the analysis bounded; past them it gives up silently.
constexpr size_t MaxPathsPerBlock = 32;
constexpr unsigned MaxVisitsPerBlock = 64;

/// Whether \p Call is a `pthread_attr_*` function, which takes the
/// attribute's address first.
bool isAttributeApi(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() &&
         Callee->getName().starts_with("pthread_attr_") &&
         Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool isAttributeType(QualType T) { return hasTypedefName(T, "pthread_attr_t"); }

/// Whether \p T is an array of thread handles.
bool isHandleArrayType(QualType T) {
  const auto *Array = dyn_cast<ConstantArrayType>(T.getCanonicalType());
  return Array && T->getAsArrayTypeUnsafe() &&
         isThreadHandleType(T->getAsArrayTypeUnsafe()->getElementType());
}

const Expr *skipCasts(const Expr *E) {
  while (true) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else
      return E;
  }
}

/// The local variable \p E names, directly or (\p AddressOf) as `&var`.
const VarDecl *localNamed(const Expr *E, bool AddressOf) {
  if (!E)
    return nullptr;
  E = skipCasts(E);
  if (AddressOf) {
    const auto *UO = dyn_cast<UnaryOperator>(E);
    if (!UO || UO->getOpcode() != UO_AddrOf)
      return nullptr;
    E = UO->getSubExpr()->IgnoreParens();
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType()
             ? Var
             : nullptr;
}

/// The detach state an expression names: PTHREAD_CREATE_DETACHED or
/// PTHREAD_CREATE_JOINABLE, as an enumerator or a macro.
std::optional<bool> namesDetachedState(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  llvm::StringRef Name;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E);
      DRE && DRE->getDecl()->getIdentifier())
    Name = DRE->getDecl()->getName();
  if (E->getBeginLoc().isMacroID())
    Name = Lexer::getImmediateMacroName(
        E->getBeginLoc(), Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Name == "PTHREAD_CREATE_DETACHED")
    return true;
  if (Name == "PTHREAD_CREATE_JOINABLE")
    return false;
  return std::nullopt;
}

/// Which handles a range of indices covers: none for a single handle.
using IndexRange = std::pair<unsigned, unsigned>;

/// A handle a call acts on: a local (Key), the elements of a local array
/// that an index loop walks (Key the array, Loop that loop), or the thread
/// that runs the function (Key null).
struct Target {
  const VarDecl *Key = nullptr;
  IndexRange Range = {0, 0};
  const ForStmt *Loop = nullptr;
};

/// What one path knows about a handle: running, or ended and why.
struct HandleFact {
  bool Ended;
  HandleEnd Reason;
  SourceLocation Where;
  const VarDecl *Attribute;
  const FunctionDecl *Entry;
  /// For a family: the indices it was created or ended over.
  IndexRange Range;

  static HandleFact running(IndexRange Range) {
    return {false, HandleEnd::Joined, {}, nullptr, nullptr, Range};
  }
  static HandleFact ended(HandleEnd Reason, SourceLocation Where,
                          IndexRange Range) {
    return {true, Reason, Where, nullptr, nullptr, Range};
  }
  auto key() const {
    return std::make_tuple(Ended, Reason, Where.getRawEncoding(), Attribute,
                           Entry, Range);
  }
  bool operator<(const HandleFact &O) const { return key() < O.key(); }
  bool operator==(const HandleFact &O) const { return key() == O.key(); }
};

/// What one path knows about an attribute: its detach state, if known, and
/// the last create that used it.
struct AttributeFact {
  std::optional<bool> Detached;
  SourceLocation UsedAt;

  auto key() const {
    return std::make_tuple(Detached, UsedAt.getRawEncoding());
  }
  bool operator<(const AttributeFact &O) const { return key() < O.key(); }
  bool operator==(const AttributeFact &O) const { return key() == O.key(); }
};

/// One abstract path; an absent handle or attribute is unknown.
struct PathState {
  std::map<const VarDecl *, HandleFact> Handles;
  std::map<const VarDecl *, AttributeFact> Attributes;

  auto key() const { return std::tie(Handles, Attributes); }
  bool operator<(const PathState &O) const { return key() < O.key(); }
  bool operator==(const PathState &O) const { return key() == O.key(); }
};

using PathSet = std::set<PathState>;

/// Keeps a path set bounded: past the limit, the paths are merged into one
/// that keeps only the facts they all share.
void widen(PathSet &Paths) {
  if (Paths.size() <= MaxPathsPerBlock)
    return;
  PathState Merged = *Paths.begin();
  for (const PathState &P : Paths) {
    keepShared(Merged.Handles, P.Handles);
    keepShared(Merged.Attributes, P.Attributes);
  }
  Paths = {Merged};
}

/// The flow analysis of one function.
class Analysis {
public:
  Analysis(const FunctionDecl &Fn, ASTContext &Ctx, const CFG &G)
      : Fn(Fn), Ctx(Ctx), G(G), PM(Fn.getBody()) {}

  HandleFindings run();

private:
  /// Finds the handles and attributes whose every use is understood.
  void findFollowed();
  bool isUnderstoodUse(const DeclRefExpr *Use, const VarDecl *Var) const;
  /// Whether passing \p Arg (`&h` when \p AddressOf) as argument \p Index
  /// of \p Call keeps the handle followed.
  bool isUnderstoodArgument(const CallExpr *Call, unsigned Index,
                            const Expr *Arg, bool AddressOf) const;
  const Stmt *parentOf(const Stmt *S) const;
  /// The followed handle that argument \p E designates (its address, with
  /// \p AddressOf).
  std::optional<Target> target(const Expr *E, bool AddressOf) const;
  const VarDecl *attribute(const Expr *E) const;
  const std::vector<ParamThreadOp> &opsOf(const FunctionDecl *Callee);
  SourceLocation selfDetachOf(const FunctionDecl *Callee);

  void transfer(const Stmt *S, PathState &P, bool Observe);
  void create(const CallExpr *Call, unsigned EntryIndex, PathState &P);
  void endHandle(const CallExpr *Call, ThreadOp Op, const Target &T,
                 SourceLocation Inner, PathState &P, bool Observe);
  /// A call of a function that joins or detaches what it is given, or the
  /// thread that calls it.
  void helperCall(const CallExpr *Call, PathState &P, bool Observe);
  void attributeCall(const CallExpr *Call, PathState &P, bool Observe);
  /// Narrows \p P to the edge of a branch on \p Cond; on the edge where a
  /// create failed, its handle holds no thread.
  void refine(PathState &P, const Expr *Cond, bool Taken);
  /// Whether the path where \p Test fails may leave the function in a way
  /// the CFG does not show, or the branch is not an `if`: then nothing is
  /// concluded from it.
  bool mayLeaveOnFailure(const Expr *Cond, const CreateTest &Test) const;

  /// Whether a branch inside the function guards \p Call: an `if`,
  /// `switch`, `?:`, `&&` or `||`. Loops do not count.
  bool isGuarded(const Stmt *Call) const;
  /// Whether a `pthread_create` with \p Attr can run after the element
  /// \p Index of \p B.
  bool createFollows(const VarDecl *Attr, const CFGBlock *B,
                     unsigned Index) const;
  bool createsWith(const CFGBlock &B, unsigned From, const VarDecl *Attr) const;

  const FunctionDecl &Fn;
  ASTContext &Ctx;
  const CFG &G;
  ParentMap PM;
  llvm::SmallPtrSet<const VarDecl *, 4> Followed;
  /// Whether the function joins or detaches the thread that runs it.
  bool ActsOnItself = false;
  std::map<const FunctionDecl *, std::vector<ParamThreadOp>> Ops;
  std::map<const FunctionDecl *, SourceLocation> SelfDetaches;
  std::map<const Expr *, std::optional<CreateTest>> CreateTests;

  struct Observation {
    const VarDecl *Handle = nullptr;
    bool Family = false;
    ThreadOp Op = ThreadOp::Join;
    SourceLocation Inner;
    unsigned Paths = 0;
    std::vector<HandleFact> Witnesses;
  };
  std::map<std::pair<const CallExpr *, const VarDecl *>, Observation> Observed;
  std::map<const CallExpr *, std::pair<const VarDecl *, SourceLocation>>
      LateSets;
};

const Stmt *Analysis::parentOf(const Stmt *S) const {
  const Stmt *P = PM.getParent(S);
  while (P && isa<ParenExpr, ImplicitCastExpr, ExplicitCastExpr>(P))
    P = PM.getParent(P);
  return P;
}

bool Analysis::isUnderstoodUse(const DeclRefExpr *Use,
                               const VarDecl *Var) const {
  // What the use designates: the handle, an element of an array of
  // handles, or the address of either.
  const Expr *Designator = Use;
  bool AddressOf = false;
  if (isHandleArrayType(Var->getType())) {
    const auto *Decay = dyn_cast_or_null<ImplicitCastExpr>(PM.getParent(Use));
    if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
      return false;
    const Stmt *Element = parentOf(Decay);
    if (const auto *Add = dyn_cast_or_null<BinaryOperator>(Element);
        Add && Add->getOpcode() == BO_Add)
      AddressOf = true;
    else if (!isa_and_nonnull<ArraySubscriptExpr>(Element))
      return false;
    Designator = cast<Expr>(Element);
    if (!indexedElement(Designator, AddressOf, PM, Fn))
      return false;
  }
  const Stmt *Parent = parentOf(Designator);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Parent);
      UO && UO->getOpcode() == UO_AddrOf && !AddressOf) {
    AddressOf = true;
    Designator = UO;
    Parent = parentOf(UO);
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(Parent);
  if (!Call)
    return false;
  for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I)
    if (skipCasts(Call->getArg(I)) == skipCasts(Designator)) {
      if (isAttributeType(Var->getType()))
        return AddressOf && ((isAttributeApi(Call) && I == 0) ||
                             (isCallTo(Call, "::pthread_create") && I == 1));
      return isUnderstoodArgument(Call, I, Designator, AddressOf);
    }
  return false;
}

bool Analysis::isUnderstoodArgument(const CallExpr *Call, unsigned Index,
                                    const Expr *Arg, bool AddressOf) const {
  if (const HandleApi *Api = handleApi(Call))
    return Index == 0 && AddressOf == (Api->Op == HandleOp::Create);
  // A copy cannot change the handle.
  const auto *Copy = dyn_cast_or_null<ImplicitCastExpr>(PM.getParent(Arg));
  if (!AddressOf && Copy && Copy->getCastKind() == CK_LValueToRValue)
    return true;
  // A reference or pointer may, unless the callee is known to only join or
  // detach it.
  const FunctionDecl *Callee = Call->getDirectCallee();
  const ParmVarDecl *Param =
      Callee ? paramForArgument(*Call, *Callee, Index) : nullptr;
  return Param && findParamThreadOp(paramThreadOps(*Callee),
                                    Param->getFunctionScopeIndex());
}

void Analysis::findFollowed() {
  llvm::SmallPtrSet<const VarDecl *, 4> Escaped;
  anyStatement(Fn.getBody(), [&](const Stmt *S) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
          Var && Var->hasLocalStorage() &&
          (isThreadHandleType(Var->getType()) ||
           isHandleArrayType(Var->getType()) ||
           isAttributeType(Var->getType()))) {
        if (isUnderstoodUse(DRE, Var))
          Followed.insert(Var);
        else
          Escaped.insert(Var);
      }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      ActsOnItself |= llvm::any_of(Call->arguments(), isCurrentThreadCall);
    return false;
  });
  for (const VarDecl *Var : Escaped)
    Followed.erase(Var);
}

std::optional<Target> Analysis::target(const Expr *E, bool AddressOf) const {
  if (!E)
    return std::nullopt;
  if (const VarDecl *Var = localNamed(E, AddressOf);
      Var && Followed.count(Var) && isThreadHandleType(Var->getType()))
    return Target{Var};
  if (std::optional<IndexedElement> Element =
          indexedElement(E, AddressOf, PM, Fn)) {
    const auto *Array = dyn_cast<VarDecl>(Element->Array);
    if (Array && Followed.count(Array))
      return Target{Array, Element->Loop.Range, Element->Loop.Loop};
  }
  if (!AddressOf && isCurrentThreadCall(E))
    return Target{};
  return std::nullopt;
}

const VarDecl *Analysis::attribute(const Expr *E) const {
  const VarDecl *Var = localNamed(E, /*AddressOf=*/true);
  return Var && Followed.count(Var) && isAttributeType(Var->getType())
             ? Var
             : nullptr;
}

const std::vector<ParamThreadOp> &Analysis::opsOf(const FunctionDecl *Callee) {
  auto It = Ops.find(Callee);
  if (It == Ops.end())
    It = Ops.emplace(Callee, paramThreadOps(*Callee)).first;
  return It->second;
}

SourceLocation Analysis::selfDetachOf(const FunctionDecl *Callee) {
  auto It = SelfDetaches.find(Callee);
  if (It == SelfDetaches.end())
    It = SelfDetaches.emplace(Callee, selfDetachIn(Callee)).first;
  return It->second;
}

void Analysis::create(const CallExpr *Call, unsigned EntryIndex, PathState &P) {
  std::optional<Target> Handle = target(Call->getArg(0), /*AddressOf=*/true);
  bool WithAttribute = isCallTo(Call, "::pthread_create") &&
                       Call->getNumArgs() > 1 &&
                       !Call->getArg(1)->isNullPointerConstant(
                           Ctx, Expr::NPC_ValueDependentIsNotNull);
  const VarDecl *Attr = WithAttribute ? attribute(Call->getArg(1)) : nullptr;
  std::optional<bool> Detached = false;
  if (Attr) {
    AttributeFact &A = P.Attributes[Attr];
    Detached = A.Detached;
    A.UsedAt = calleeNameLoc(Call);
  } else if (WithAttribute) {
    Detached = std::nullopt;
  }
  if (!Handle || !Handle->Key)
    return;
  if (!Detached) {
    P.Handles.erase(Handle->Key);
    return;
  }
  if (*Detached) {
    HandleFact F = HandleFact::ended(HandleEnd::CreatedDetached,
                                     calleeNameLoc(Call), Handle->Range);
    F.Attribute = Attr;
    P.Handles[Handle->Key] = F;
    return;
  }
  const FunctionDecl *Entry =
      EntryIndex < Call->getNumArgs()
          ? followable(resolveCallable(Call->getArg(EntryIndex), &Fn).Function)
          : nullptr;
  if (SourceLocation Self = selfDetachOf(Entry); Self.isValid()) {
    HandleFact F =
        HandleFact::ended(HandleEnd::DetachesItself, Self, Handle->Range);
    F.Entry = Entry;
    P.Handles[Handle->Key] = F;
  } else {
    P.Handles[Handle->Key] = HandleFact::running(Handle->Range);
  }
}

void Analysis::endHandle(const CallExpr *Call, ThreadOp Op, const Target &T,
                         SourceLocation Inner, PathState &P, bool Observe) {
  auto It = P.Handles.find(T.Key);
  // A family ended over other indices is in a state the analysis cannot
  // tell.
  if (It != P.Handles.end() && It->second.Range != T.Range) {
    P.Handles.erase(It);
    return;
  }
  const SourceManager &SM = Ctx.getSourceManager();
  bool Ended = It != P.Handles.end() && It->second.Ended;
  // An element ended on an earlier trip round the same loop is another
  // element.
  bool EarlierElement =
      Ended && T.Loop &&
      SM.isPointWithin(It->second.Where, T.Loop->getBeginLoc(),
                       T.Loop->getEndLoc());
  if (Observe && !EarlierElement) {
    Observation &O = Observed[{Call, T.Key}];
    O.Handle = T.Key;
    O.Family = T.Loop != nullptr;
    O.Op = Op;
    O.Inner = Inner;
    ++O.Paths;
    if (Ended)
      O.Witnesses.push_back(It->second);
  }
  P.Handles[T.Key] = HandleFact::ended(
      Op == ThreadOp::Join ? HandleEnd::Joined : HandleEnd::Detached,
      calleeNameLoc(Call), T.Range);
}

void Analysis::helperCall(const CallExpr *Call, PathState &P, bool Observe) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || followable(Callee) == &Fn)
    return;
  if (Call->getNumArgs() == 0) {
    Callee = followable(Callee);
    if (!ActsOnItself || !Callee)
      return;
    if (SourceLocation Self = selfDetachOf(Callee); Self.isValid())
      endHandle(Call, ThreadOp::Detach, Target{}, Self, P, Observe);
    return;
  }
  for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
    std::optional<Target> T = target(Call->getArg(I), /*AddressOf=*/false);
    if (!T)
      T = target(Call->getArg(I), /*AddressOf=*/true);
    const ParmVarDecl *Param =
        T ? paramForArgument(*Call, *Callee, I) : nullptr;
    const ParamThreadOp *Op =
        Param ? findParamThreadOp(opsOf(Callee), Param->getFunctionScopeIndex())
              : nullptr;
    if (!Op)
      continue;
    if (Op->OnEveryPath)
      endHandle(Call, Op->Op, *T, Op->Loc, P, Observe);
    else
      P.Handles.erase(T->Key);
  }
}

void Analysis::attributeCall(const CallExpr *Call, PathState &P, bool Observe) {
  const VarDecl *Attr = attribute(Call->getArg(0));
  if (!Attr)
    return;
  if (isCallTo(Call, "::pthread_attr_init")) {
    P.Attributes[Attr] = AttributeFact{false, {}};
  } else if (isCallTo(Call, "::pthread_attr_destroy")) {
    P.Attributes.erase(Attr);
  } else if (isCallTo(Call, "::pthread_attr_setdetachstate") &&
             Call->getNumArgs() == 2) {
    AttributeFact &A = P.Attributes[Attr];
    if (Observe && A.UsedAt.isValid()) {
      auto [It, New] = LateSets.try_emplace(Call, Attr, A.UsedAt);
      if (!New &&
          A.UsedAt.getRawEncoding() < It->second.second.getRawEncoding())
        It->second.second = A.UsedAt;
    }
    A.Detached = namesDetachedState(Call->getArg(1), Ctx);
  }
}

void Analysis::transfer(const Stmt *S, PathState &P, bool Observe) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    // A fresh variable on each trip round a loop.
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D)) {
        P.Handles.erase(Var);
        P.Attributes.erase(Var);
      }
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  if (isAttributeApi(Call) && Call->getNumArgs() > 0) {
    attributeCall(Call, P, Observe);
    return;
  }
  const HandleApi *Api = handleApi(Call);
  if (!Api) {
    helperCall(Call, P, Observe);
    return;
  }
  if (Api->Op == HandleOp::Create)
    create(Call, Api->EntryIndex, P);
  else if (Api->Op != HandleOp::Harmless)
    if (std::optional<Target> T = target(Call->getArg(0), false))
      endHandle(Call,
                Api->Op == HandleOp::Join ? ThreadOp::Join : ThreadOp::Detach,
                *T, SourceLocation(), P, Observe);
}

void Analysis::refine(PathState &P, const Expr *Cond, bool Taken) {
  auto [It, New] = CreateTests.try_emplace(Cond);
  if (New) {
    It->second = createTestOf(Cond, Fn);
    if (It->second && mayLeaveOnFailure(Cond, *It->second))
      It->second.reset();
  }
  const std::optional<CreateTest> &Test = It->second;
  if (!Test || Taken != Test->FailsWhenTrue)
    return;
  std::optional<Target> Handle =
      target(Test->Create->getArg(0), /*AddressOf=*/true);
  if (Handle && Handle->Key)
    P.Handles[Handle->Key] = HandleFact::ended(
        HandleEnd::CreationFailed, calleeNameLoc(Test->Create), Handle->Range);
}

bool Analysis::mayLeaveOnFailure(const Expr *Cond,
                                 const CreateTest &Test) const {
  // The `if` that branches on it; another kind of branch is not followed.
  const Stmt *S = Cond;
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr, UnaryOperator>(
      PM.getParent(S)))
    S = PM.getParent(S);
  const auto *If = dyn_cast_or_null<IfStmt>(PM.getParent(S));
  if (!If || If->getCond() != S)
    return true;
  const Stmt *Failure = Test.FailsWhenTrue ? If->getThen() : If->getElse();
  // A call of a function that may end the program (`fatal("...")` that
  // calls exit() without being declared noreturn), or of the program's own
  // function whose body is in another file: it may, too.
  return anyStatement(Failure, [&](const Stmt *Node) {
    const auto *Call = dyn_cast<CallExpr>(Node);
    const FunctionDecl *Direct = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Callee = followable(Direct);
    if (Direct && !Callee && !Direct->isDefined() &&
        !Ctx.getSourceManager().isInSystemHeader(Direct->getLocation()))
      return true;
    return Callee && anyStatement(Callee->getBody(), [](const Stmt *Inner) {
             const auto *Exit = dyn_cast<CallExpr>(Inner);
             const FunctionDecl *Target =
                 Exit ? Exit->getDirectCallee() : nullptr;
             return Target && Target->isNoReturn();
           });
  });
}

bool Analysis::isGuarded(const Stmt *Call) const {
  const Stmt *Child = Call;
  for (const Stmt *S = PM.getParent(Call); S; Child = S, S = PM.getParent(S)) {
    if (const auto *If = dyn_cast<IfStmt>(S); If && Child != If->getCond())
      return true;
    if (const auto *Switch = dyn_cast<SwitchStmt>(S);
        Switch && Child != Switch->getCond())
      return true;
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S);
        CO && Child != CO->getCond())
      return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->isLogicalOp() && Child == BO->getRHS())
      return true;
  }
  return false;
}

bool Analysis::createsWith(const CFGBlock &B, unsigned From,
                           const VarDecl *Attr) const {
  for (unsigned I = From, N = B.size(); I < N; ++I)
    if (std::optional<CFGStmt> S = B[I].getAs<CFGStmt>())
      if (const auto *Call = dyn_cast<CallExpr>(S->getStmt());
          Call && isCallTo(Call, "::pthread_create") &&
          Call->getNumArgs() > 1 && attribute(Call->getArg(1)) == Attr)
        return true;
  return false;
}

bool Analysis::createFollows(const VarDecl *Attr, const CFGBlock *B,
                             unsigned Index) const {
  if (createsWith(*B, Index + 1, Attr))
    return true;
  llvm::SmallPtrSet<const CFGBlock *, 16> Seen;
  llvm::SmallVector<const CFGBlock *, 16> Work(B->succ_begin(), B->succ_end());
  while (!Work.empty()) {
    const CFGBlock *Next = Work.pop_back_val();
    if (!Next || !Seen.insert(Next).second)
      continue;
    if (createsWith(*Next, 0, Attr))
      return true;
    Work.append(Next->succ_begin(), Next->succ_end());
  }
  return false;
}

HandleFindings Analysis::run() {
  findFollowed();
  if (Followed.empty() && !ActsOnItself)
    return {};
  BlockOrder Order(G);
  const std::vector<const CFGBlock *> &Rpo = Order.Blocks;
  const llvm::DenseMap<const CFGBlock *, unsigned> &RpoIndex = Order.Index;

  llvm::DenseMap<const CFGBlock *, PathSet> In;
  llvm::DenseMap<const CFGBlock *, unsigned> Visits;
  In[&G.getEntry()] = {PathState()};
  std::set<unsigned> Worklist = {RpoIndex.lookup(&G.getEntry())};
  while (!Worklist.empty()) {
    const CFGBlock *B = Rpo[*Worklist.begin()];
    Worklist.erase(Worklist.begin());
    if (++Visits[B] > MaxVisitsPerBlock)
      return {};
    PathSet Out;
    for (PathState P : In[B]) {
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          transfer(S->getStmt(), P, /*Observe=*/false);
      Out.insert(std::move(P));
    }
    const Expr *Cond = B->succ_size() == 2 ? B->getLastCondition() : nullptr;
    unsigned SuccIdx = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      bool Taken = SuccIdx++ == 0;
      const CFGBlock *S = Succ.getReachableBlock();
      if (!S)
        continue;
      PathSet &Target = In[S];
      PathSet Before = Target;
      for (PathState P : Out) {
        if (Cond)
          refine(P, Cond, Taken);
        Target.insert(std::move(P));
      }
      widen(Target);
      if (Target != Before)
        Worklist.insert(RpoIndex.lookup(S));
    }
  }

  llvm::DenseMap<const CallExpr *, std::pair<const CFGBlock *, unsigned>> At;
  for (const CFGBlock *B : Rpo) {
    for (unsigned I = 0, N = B->size(); I < N; ++I)
      if (std::optional<CFGStmt> S = (*B)[I].getAs<CFGStmt>())
        if (const auto *Call = dyn_cast<CallExpr>(S->getStmt()))
          At[Call] = {B, I};
    for (PathState P : In[B])
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          transfer(S->getStmt(), P, /*Observe=*/true);
  }

  HandleFindings Result;
  for (auto &[Key, O] : Observed) {
    const CallExpr *Call = Key.first;
    if (O.Witnesses.empty() ||
        (O.Witnesses.size() != O.Paths && isGuarded(Call)))
      continue;
    const HandleFact &W = earliestWitness(O.Witnesses);
    HandleMisuse Bad{Call,    O.Handle, O.Family, O.Op,
                     O.Inner, W.Reason, W.Where};
    Bad.Attribute = W.Attribute;
    Bad.Entry = W.Entry;
    Bad.OnEveryPath = O.Witnesses.size() == O.Paths;
    Result.Misuses.push_back(Bad);
  }
  for (auto &[Call, Late] : LateSets) {
    auto [Block, Index] = At.lookup(Call);
    if (Block && !createFollows(Late.first, Block, Index))
      Result.LateDetachStates.push_back({Call, Late.first, Late.second});
  }
  return Result;
}

/// Whether \p Fn calls something the analysis has anything to find in: a
/// join or detach, a late detach state, or a function given a handle.
bool mayMisuseHandles(const FunctionDecl &Fn, ASTContext &Ctx) {
  return factsOf(Ctx).anyCall(Fn, [](const CallExpr *Call) {
    if (const HandleApi *Api = handleApi(Call))
      return Api->Op == HandleOp::Join || Api->Op == HandleOp::Detach;
    if (isCallTo(Call, "::pthread_attr_setdetachstate"))
      return true;
    return llvm::any_of(Call->arguments(), [](const Expr *Arg) {
      QualType T = Arg->IgnoreParenImpCasts()->getType();
      return isThreadHandleType(T) ||
             (T->isPointerType() && isThreadHandleType(T->getPointeeType()));
    });
  });
}

} // namespace

HandleFindings findHandleMisuses(const FunctionDecl &Fn, ASTContext &Ctx) {
  if (!Fn.hasBody() || !mayMisuseHandles(Fn, Ctx))
    return {};
  std::unique_ptr<CFG> G = buildStatementCFG(Fn);
  if (!G)
    return {};
  HandleFindings Result = Analysis(Fn, Ctx, *G).run();
  auto ByLoc = [](const auto &A, const auto &B) {
    return A.Call->getBeginLoc().getRawEncoding() <
           B.Call->getBeginLoc().getRawEncoding();
  };
  llvm::sort(Result.Misuses, ByLoc);
  llvm::sort(Result.LateDetachStates, ByLoc);
  return Result;
}

} // namespace clang::tidy::daemon
