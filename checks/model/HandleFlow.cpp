//===-- HandleFlow.cpp - joins and detaches of C thread handles -----------===//

#include "HandleFlow.h"
#include "Callables.h"
#include "Functions.h"
#include "Names.h"
#include "PathSets.h"
#include "Statements.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
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

/// What a call does to the handle in its first argument.
enum class HandleOp { Create, Join, Detach, Harmless };

struct HandleApi {
  llvm::StringRef Name;
  HandleOp Op;
  /// Position of the entry (Create only).
  unsigned EntryIndex;
};
constexpr HandleApi HandleApis[] = {
    {"::pthread_create", HandleOp::Create, 2},
    {"::thrd_create", HandleOp::Create, 1},
    {"::pthread_join", HandleOp::Join, 0},
    {"::thrd_join", HandleOp::Join, 0},
    {"::pthread_detach", HandleOp::Detach, 0},
    {"::thrd_detach", HandleOp::Detach, 0},
    // Calls that take the handle by value and leave it joinable.
    {"::pthread_cancel", HandleOp::Harmless, 0},
    {"::pthread_kill", HandleOp::Harmless, 0},
    {"::pthread_equal", HandleOp::Harmless, 0},
    {"::thrd_equal", HandleOp::Harmless, 0},
    {"::pthread_setname_np", HandleOp::Harmless, 0},
    {"::pthread_getname_np", HandleOp::Harmless, 0},
};

const HandleApi *handleApi(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() == 0)
    return nullptr;
  for (const HandleApi &Api : HandleApis)
    if (hasQualifiedName(Callee, Api.Name))
      return &Api;
  return nullptr;
}

bool isCallTo(const CallExpr *Call, llvm::StringRef Name) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && hasQualifiedName(Callee, Name);
}

/// Whether \p Call is a `pthread_attr_*` function, which takes the
/// attribute's address first.
bool isAttributeApi(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() &&
         Callee->getName().starts_with("pthread_attr_") &&
         Callee->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

/// Where a call names its callee: `pthread_join` in `pthread_join(t, 0)`.
SourceLocation calleeNameLoc(const CallExpr *Call) {
  if (const auto *DRE =
          dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
    return DRE->getLocation();
  return Call->getExprLoc();
}

bool hasTypedefName(QualType T, llvm::StringRef Name) {
  for (const auto *TT = T->getAs<TypedefType>(); TT;
       TT = TT->getDecl()->getUnderlyingType()->getAs<TypedefType>())
    if (TT->getDecl()->getName() == Name)
      return true;
  return false;
}

bool isHandleType(QualType T) {
  return hasTypedefName(T, "pthread_t") || hasTypedefName(T, "thrd_t");
}

bool isAttributeType(QualType T) { return hasTypedefName(T, "pthread_attr_t"); }

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

/// The calls a statement makes whatever path it takes: its own expression
/// and the conditions and initialisers it evaluates first.
void unconditionalCalls(const Stmt *S,
                        llvm::SmallVectorImpl<const CallExpr *> &Out) {
  if (!S)
    return;
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    unconditionalCalls(If->getCond(), Out);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        unconditionalCalls(Var->getInit(), Out);
    return;
  }
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return;
  E = skipCasts(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Out.push_back(Call);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && !BO->isLogicalOp()) {
    unconditionalCalls(BO->getLHS(), Out);
    unconditionalCalls(BO->getRHS(), Out);
  } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    unconditionalCalls(UO->getSubExpr(), Out);
  }
}

bool containsExit(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt>(S))
    return true;
  return llvm::any_of(S->children(), containsExit);
}

/// Where \p Entry detaches its own thread on every path: a
/// `pthread_detach(pthread_self())` or `thrd_detach(thrd_current())` in its
/// outermost block, before any statement that may return.
SourceLocation selfDetachIn(const FunctionDecl *Entry) {
  const auto *Body =
      Entry ? dyn_cast_or_null<CompoundStmt>(Entry->getBody()) : nullptr;
  if (!Body)
    return {};
  for (const Stmt *S : Body->body()) {
    llvm::SmallVector<const CallExpr *, 2> Calls;
    unconditionalCalls(S, Calls);
    for (const CallExpr *Call : Calls) {
      if ((!isCallTo(Call, "::pthread_detach") &&
           !isCallTo(Call, "::thrd_detach")) ||
          Call->getNumArgs() != 1)
        continue;
      const auto *Self = dyn_cast<CallExpr>(skipCasts(Call->getArg(0)));
      if (Self && (isCallTo(Self, "::pthread_self") ||
                   isCallTo(Self, "::thrd_current")))
        return calleeNameLoc(Call);
    }
    if (containsExit(S))
      return {};
  }
  return {};
}

/// What one path knows about a handle: running, or ended and why.
struct HandleFact {
  bool Ended;
  HandleEnd Reason;
  SourceLocation Where;
  const VarDecl *Attribute;
  const FunctionDecl *Entry;

  static HandleFact running() {
    return {false, HandleEnd::Joined, {}, nullptr, nullptr};
  }
  auto key() const {
    return std::make_tuple(Ended, Reason, Where.getRawEncoding(), Attribute,
                           Entry);
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
  void findUses(const Stmt *S, llvm::SmallPtrSetImpl<const VarDecl *> &Escaped);
  bool isUnderstoodUse(const DeclRefExpr *Use, const VarDecl *Var) const;
  const Stmt *parentOf(const Stmt *S) const;
  const VarDecl *handle(const Expr *E, bool AddressOf) const;
  const VarDecl *attribute(const Expr *E) const;

  void transfer(const Stmt *S, PathState &P, bool Observe);
  void create(const CallExpr *Call, unsigned EntryIndex, PathState &P);
  void endHandle(const CallExpr *Call, HandleOp Op, PathState &P, bool Observe);
  void attributeCall(const CallExpr *Call, PathState &P, bool Observe);

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

  struct Observation {
    const VarDecl *Handle = nullptr;
    unsigned Paths = 0;
    std::vector<HandleFact> Witnesses;
  };
  std::map<const CallExpr *, Observation> Observed;
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
  const Stmt *Parent = parentOf(Use);
  bool AddressOf = false;
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Parent);
      UO && UO->getOpcode() == UO_AddrOf) {
    AddressOf = true;
    Parent = parentOf(UO);
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(Parent);
  if (!Call)
    return false;
  auto IsArg = [&](unsigned I) {
    return I < Call->getNumArgs() &&
           localNamed(Call->getArg(I), AddressOf) == Var;
  };
  if (isAttributeType(Var->getType()))
    return AddressOf && ((isAttributeApi(Call) && IsArg(0)) ||
                         (isCallTo(Call, "::pthread_create") && IsArg(1)));
  const HandleApi *Api = handleApi(Call);
  return Api && IsArg(0) && AddressOf == (Api->Op == HandleOp::Create);
}

void Analysis::findUses(const Stmt *S,
                        llvm::SmallPtrSetImpl<const VarDecl *> &Escaped) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
        Var && Var->hasLocalStorage() &&
        (isHandleType(Var->getType()) || isAttributeType(Var->getType()))) {
      if (isUnderstoodUse(DRE, Var))
        Followed.insert(Var);
      else
        Escaped.insert(Var);
    }
  for (const Stmt *Child : S->children())
    findUses(Child, Escaped);
}

void Analysis::findFollowed() {
  llvm::SmallPtrSet<const VarDecl *, 4> Escaped;
  findUses(Fn.getBody(), Escaped);
  for (const VarDecl *Var : Escaped)
    Followed.erase(Var);
}

const VarDecl *Analysis::handle(const Expr *E, bool AddressOf) const {
  const VarDecl *Var = localNamed(E, AddressOf);
  return Var && Followed.count(Var) && isHandleType(Var->getType()) ? Var
                                                                    : nullptr;
}

const VarDecl *Analysis::attribute(const Expr *E) const {
  const VarDecl *Var = localNamed(E, /*AddressOf=*/true);
  return Var && Followed.count(Var) && isAttributeType(Var->getType())
             ? Var
             : nullptr;
}

void Analysis::create(const CallExpr *Call, unsigned EntryIndex, PathState &P) {
  const VarDecl *Handle = handle(Call->getArg(0), /*AddressOf=*/true);
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
  if (!Handle)
    return;
  if (!Detached) {
    P.Handles.erase(Handle);
    return;
  }
  if (*Detached) {
    P.Handles[Handle] = {true, HandleEnd::CreatedDetached, calleeNameLoc(Call),
                         Attr, nullptr};
    return;
  }
  const FunctionDecl *Entry =
      EntryIndex < Call->getNumArgs()
          ? followable(resolveCallable(Call->getArg(EntryIndex), &Fn).Function)
          : nullptr;
  if (SourceLocation Self = selfDetachIn(Entry); Self.isValid())
    P.Handles[Handle] = {true, HandleEnd::DetachesItself, Self, nullptr, Entry};
  else
    P.Handles[Handle] = HandleFact::running();
}

void Analysis::endHandle(const CallExpr *Call, HandleOp Op, PathState &P,
                         bool Observe) {
  const VarDecl *Handle = handle(Call->getArg(0), /*AddressOf=*/false);
  if (!Handle)
    return;
  auto It = P.Handles.find(Handle);
  if (Observe) {
    Observation &O = Observed[Call];
    O.Handle = Handle;
    ++O.Paths;
    if (It != P.Handles.end() && It->second.Ended)
      O.Witnesses.push_back(It->second);
  }
  P.Handles[Handle] = {
      true, Op == HandleOp::Join ? HandleEnd::Joined : HandleEnd::Detached,
      calleeNameLoc(Call), nullptr, nullptr};
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
  if (!Call || Call->getNumArgs() == 0)
    return;
  if (isAttributeApi(Call)) {
    attributeCall(Call, P, Observe);
    return;
  }
  const HandleApi *Api = handleApi(Call);
  if (!Api)
    return;
  if (Api->Op == HandleOp::Create)
    create(Call, Api->EntryIndex, P);
  else if (Api->Op != HandleOp::Harmless)
    endHandle(Call, Api->Op, P, Observe);
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
  if (Followed.empty())
    return {};
  PostOrderCFGView Order(&G);
  std::vector<const CFGBlock *> Rpo;
  llvm::DenseMap<const CFGBlock *, unsigned> RpoIndex;
  for (const CFGBlock *B : Order) {
    RpoIndex[B] = Rpo.size();
    Rpo.push_back(B);
  }

  llvm::DenseMap<const CFGBlock *, PathSet> In;
  llvm::DenseMap<const CFGBlock *, unsigned> Visits;
  In[&G.getEntry()] = {PathState()};
  std::set<unsigned> Worklist = {RpoIndex[&G.getEntry()]};
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
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *S = Succ.getReachableBlock();
      if (!S)
        continue;
      PathSet &Target = In[S];
      PathSet Before = Target;
      Target.insert(Out.begin(), Out.end());
      widen(Target);
      if (Target != Before)
        Worklist.insert(RpoIndex[S]);
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
  for (auto &[Call, O] : Observed) {
    if (O.Witnesses.empty() ||
        (O.Witnesses.size() != O.Paths && isGuarded(Call)))
      continue;
    const HandleFact &W = earliestWitness(O.Witnesses);
    Result.Misuses.push_back({Call, O.Handle, W.Reason, W.Where, W.Attribute,
                              W.Entry, O.Witnesses.size() == O.Paths});
  }
  for (auto &[Call, Late] : LateSets) {
    auto [Block, Index] = At.lookup(Call);
    if (Block && !createFollows(Late.first, Block, Index))
      Result.LateDetachStates.push_back({Call, Late.first, Late.second});
  }
  return Result;
}

/// Whether \p S calls something the analysis has anything to find in.
bool mayMisuseHandles(const Stmt *Body) {
  return anyStatement(Body, [](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const HandleApi *Api = handleApi(Call);
          (Api && (Api->Op == HandleOp::Join || Api->Op == HandleOp::Detach)) ||
          isCallTo(Call, "::pthread_attr_setdetachstate"))
        return true;
    return false;
  });
}

} // namespace

HandleFindings findHandleMisuses(const FunctionDecl &Fn, ASTContext &Ctx) {
  if (!Fn.hasBody() || !mayMisuseHandles(Fn.getBody()))
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
