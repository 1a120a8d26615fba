//===-- ExitPaths.cpp - where the process ends with threads running -------===//

#include "ExitPaths.h"
#include "ApiTables.h"
#include "Callables.h"
#include "ConditionWaits.h"
#include "FunctionFacts.h"
#include "Functions.h"
#include "Names.h"
#include "Statements.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <map>

namespace clang::tidy::daemon {

bool isExitCall(const FunctionDecl *Callee) {
  static constexpr llvm::StringRef Names[] = {
      "::exit",  "std::exit",  "::quick_exit", "std::quick_exit",
      "::_Exit", "std::_Exit", "::_exit"};
  return hasAnyQualifiedName(Callee, Names);
}

void collectCalls(const Stmt *Body, llvm::SmallVectorImpl<const Expr *> &Out) {
  // An explicit stack: an expression such as `a + b + ...` nests as deep as
  // it is long.
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  llvm::SmallVector<const Stmt *, 8> Children;
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S))
      Out.push_back(cast<Expr>(S));
    Children.assign(S->child_begin(), S->child_end());
    Work.append(Children.rbegin(), Children.rend());
  }
}

const FunctionDecl *calleeOf(const Expr *E, const FunctionDecl *Context) {
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee() ? Call->getDirectCallee()
                                   : resolveCallee(Call, Context);
  return cast<CXXConstructExpr>(E)->getConstructor();
}

namespace {

bool isSleep(const FunctionDecl *Callee) {
  static constexpr llvm::StringRef Names[] = {
      "std::this_thread::sleep_for", "std::this_thread::sleep_until", "::sleep",
      "::usleep", "::nanosleep"};
  return llvm::any_of(Names, [&](llvm::StringRef Name) {
    return hasQualifiedName(Callee, Name);
  });
}

/// The integer value of \p E, if it is a constant.
std::optional<int64_t> constantOf(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult Result;
  if (!E || E->isValueDependent() || !E->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  return Result.Val.getInt().getExtValue();
}

/// Threads that may still run only when a call returned one of Values: the
/// call itself, or the variable its result went to.
struct Condition {
  const void *Key;
  llvm::SmallVector<int64_t, 2> Values;
  llvm::BitVector Threads;
};

/// What a path has seen since its last wait.
struct PathState {
  llvm::BitVector Pending;
  SourceLocation SleepLoc;
  const FunctionDecl *Sleep = nullptr;
  std::vector<Condition> Conditions;

  bool join(const PathState &Other) {
    bool Changed = false;
    if (Other.Pending.test(Pending)) {
      Pending |= Other.Pending;
      Changed = true;
    }
    if (!Sleep && Other.Sleep) {
      Sleep = Other.Sleep;
      SleepLoc = Other.SleepLoc;
      Changed = true;
    }
    // Paths that disagree about a condition keep its threads running.
    llvm::erase_if(Conditions, [&](const Condition &C) {
      return llvm::none_of(Other.Conditions, [&](const Condition &O) {
        return O.Key == C.Key && O.Values == C.Values && O.Threads == C.Threads;
      });
    });
    return Changed;
  }
  void clear() {
    Pending.reset();
    Sleep = nullptr;
    SleepLoc = SourceLocation();
    Conditions.clear();
  }
  void clear(const llvm::BitVector &Threads) {
    Pending.reset(Threads);
    for (Condition &C : Conditions)
      C.Threads.reset(Threads);
  }
};

/// Whether \p Cond can be \p Want when \p Key (a variable or a call) holds
/// one of \p Values; true when the condition does not depend on it alone.
bool canBe(const Expr *Cond, bool Want, const void *Key,
           llvm::ArrayRef<int64_t> Values, const ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  auto IsKey = [&](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (E == Key)
      return true;
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    return DRE && DRE->getDecl() == Key;
  };
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot)
    return canBe(Not->getSubExpr(), !Want, Key, Values, Ctx);
  if (IsKey(Cond))
    return llvm::any_of(Values, [&](int64_t V) { return (V != 0) == Want; });
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO || !BO->isComparisonOp())
    return true;
  BinaryOperatorKind Op = BO->getOpcode();
  std::optional<int64_t> Constant;
  if (IsKey(BO->getLHS())) {
    Constant = constantOf(BO->getRHS(), Ctx);
  } else if (IsKey(BO->getRHS())) {
    Constant = constantOf(BO->getLHS(), Ctx);
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  if (!Constant)
    return true;
  return llvm::any_of(Values, [&](int64_t V) {
    bool Holds = false;
    switch (Op) {
    case BO_EQ:
      Holds = V == *Constant;
      break;
    case BO_NE:
      Holds = V != *Constant;
      break;
    case BO_LT:
      Holds = V < *Constant;
      break;
    case BO_LE:
      Holds = V <= *Constant;
      break;
    case BO_GT:
      Holds = V > *Constant;
      break;
    case BO_GE:
      Holds = V >= *Constant;
      break;
    default:
      return true;
    }
    return Holds == Want;
  });
}

/// The whole condition of a loop: `&&` and `||` split it over several CFG
/// blocks.
const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getCond();
  return cast<DoStmt>(Loop)->getCond();
}

/// The variables with static storage that \p Cond reads.
llvm::SmallVector<const VarDecl *, 2> globalsRead(const Stmt *Cond) {
  llvm::SmallVector<const VarDecl *, 2> Vars;
  anyStatement(Cond, [&](const Stmt *S) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
          Var && Var->hasGlobalStorage())
        Vars.push_back(Var);
    return false;
  });
  return Vars;
}

/// What calling a function does to the threads main waits for, in the
/// order of its code: the threads still detached after its last wait,
/// whether it waits at all, and the constants it returns when it detaches.
struct CallEffect {
  llvm::BitVector Detached;
  bool Waits = false;
  std::optional<llvm::SmallVector<int64_t, 2>> Returns;
};

/// One step of a function's code, as CallEffect reads it.
struct Event {
  enum KindOf { Detach, Wait, Call } Kind;
  llvm::BitVector Threads;
  FuncRef Callee;
  const Expr *At = nullptr;
};

/// The forward analysis of main (and the functions only main calls).
class ExitAnalysis {
public:
  ExitAnalysis(const FunctionDecl *Main,
               llvm::ArrayRef<const SpawnSite *> Local, TUAnalysis &Analysis,
               ExitFindings &Out)
      : Main(Main), Threads(Local.begin(), Local.end()), Analysis(Analysis),
        View(Analysis.View), Ctx(Main->getASTContext()), Out(Out) {
    for (unsigned I = 0; I < Threads.size(); ++I) {
      const SpawnSite *S = Threads[I];
      SourceLocation Point =
          S->Detach == DetachKind::DetachSelf ? S->CreationLoc : S->DetachLoc;
      PointOf[Point.getRawEncoding()].push_back(I);
    }
    if (View.hasIndex())
      findThreadsElsewhere();
  }

  void run() {
    if (Threads.empty())
      return;
    PathState Start;
    Start.Pending.resize(Threads.size());
    analyse(Main, Start);
    for (auto &[Loc, Exit] : Found)
      Out.Exits.push_back(Exit);
  }

private:
  unsigned size() const { return Threads.size(); }

  /// The threads that functions in other files detach, reached from main,
  /// that do observable work.
  void findThreadsElsewhere() {
    llvm::DenseSet<FuncRef> Seen = {Main};
    std::vector<FuncRef> Work = {Main};
    while (!Work.empty()) {
      FuncRef F = Work.back();
      Work.pop_back();
      for (FuncRef Callee : callees(F))
        if (Seen.insert(Callee).second)
          Work.push_back(Callee);
      const FunctionSummary *S = F.summary();
      if (!S)
        continue;
      for (const SummaryFact &Fact : S->Facts) {
        if (Fact.Kind != SummaryFact::Detach)
          continue;
        const SummarySpawn &Spawn = S->Spawns[Fact.Spawn];
        SpawnSite Site;
        for (llvm::StringRef Key : Spawn.Entries)
          if (FuncRef Entry = View.resolve(Key))
            Site.Entries.push_back(Entry);
        if (Site.Entries.empty() ||
            llvm::any_of(Site.Entries, EffectModel::isDiscardable))
          continue;
        Site.CreationLoc = View.locate(*S, Spawn.CreatedAt);
        Site.DetachLoc = View.locate(*S, Spawn.DetachedAt);
        Site.Detach = DetachKind::DetachCall;
        if (!Analysis.Effects.doesObservableWork(Site))
          continue;
        Out.ThreadsElsewhere.push_back(std::move(Site));
        RemotePoint[&Fact] = Threads.size();
        Threads.push_back(&Out.ThreadsElsewhere.back());
      }
    }
  }

  /// The functions \p F calls whose bodies are in sight.
  llvm::SmallVector<FuncRef, 8> callees(FuncRef F) {
    llvm::SmallVector<FuncRef, 8> Result;
    for (const Event &E : events(F))
      if (E.Kind == Event::Call)
        Result.push_back(E.Callee);
    return Result;
  }

  /// The threads detached at \p E itself, a call or construction in main's
  /// file.
  llvm::BitVector detachedAt(const Expr *E) const {
    llvm::BitVector Here(size());
    SourceLocation NameLoc = E->getExprLoc();
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
        NameLoc = DRE->getLocation();
    for (SourceLocation Loc : {E->getExprLoc(), E->getBeginLoc(), NameLoc})
      if (auto It = PointOf.find(Loc.getRawEncoding()); It != PointOf.end())
        for (unsigned I : It->second)
          Here.set(I);
    return Here;
  }

  /// \p F's detaches, waits and calls, in the order of its code.
  std::vector<Event> events(FuncRef F) {
    std::vector<Event> Result;
    if (const FunctionSummary *S = F.summary()) {
      std::vector<const SummaryFact *> Facts;
      for (const SummaryFact &Fact : S->Facts)
        Facts.push_back(&Fact);
      std::sort(Facts.begin(), Facts.end(),
                [](const SummaryFact *A, const SummaryFact *B) {
                  // Facts of one summary lie in one array: its order.
                  return A->Offset != B->Offset ? A->Offset < B->Offset : A < B;
                });
      for (const SummaryFact *Fact : Facts) {
        if (Fact->Kind == SummaryFact::Wait) {
          Result.push_back({Event::Wait, {}, nullptr});
        } else if (Fact->Kind == SummaryFact::Detach) {
          llvm::BitVector Bits(size());
          if (auto It = RemotePoint.find(Fact); It != RemotePoint.end())
            Bits.set(It->second);
          Result.push_back({Event::Detach, std::move(Bits), nullptr});
        } else if (Fact->Kind == SummaryFact::Call) {
          if (FuncRef Callee = View.resolve(Fact->Callee);
              Callee && Callee != F)
            Result.push_back({Event::Call, {}, Callee});
        }
      }
      return Result;
    }
    const FunctionDecl *D = F.decl();
    if (!D || !D->getBody())
      return Result;
    llvm::SmallVector<const Expr *, 16> Calls;
    collectCalls(D->getBody(), Calls);
    for (const Expr *E : Calls) {
      if (llvm::BitVector Here = detachedAt(E); Here.any())
        Result.push_back({Event::Detach, std::move(Here), nullptr, E});
      const FunctionDecl *Callee = calleeOf(E, D);
      if (!Callee)
        continue;
      if (ApiTables::isWait(Callee)) {
        Result.push_back({Event::Wait, {}, nullptr, E});
        continue;
      }
      if (FuncRef Def = View.follow(Callee); Def && Def != F)
        Result.push_back({Event::Call, {}, Def, E});
    }
    return Result;
  }

  /// What calling \p F does; computed callees first, with an explicit
  /// stack: call chains can be thousands deep. Null while in progress on a
  /// cycle.
  const CallEffect *effectOf(FuncRef Root) {
    if (auto It = Effects.find(Root); It != Effects.end())
      return It->second.get();
    struct Frame {
      FuncRef F;
      std::vector<Event> Events;
      size_t Next = 0;
    };
    Effects[Root] = nullptr;
    std::vector<Frame> Stack;
    Stack.push_back({Root, events(Root)});
    while (!Stack.empty()) {
      Frame &Top = Stack.back();
      if (Top.Next < Top.Events.size()) {
        const Event &E = Top.Events[Top.Next++];
        if (E.Kind == Event::Call && Effects.try_emplace(E.Callee).second) {
          FuncRef Callee = E.Callee;
          Stack.push_back({Callee, events(Callee)});
        }
        continue;
      }
      auto Effect = std::make_unique<CallEffect>();
      Effect->Detached.resize(size());
      for (const Event &E : Top.Events) {
        const CallEffect *Inner =
            E.Kind == Event::Call ? computed(E.Callee) : nullptr;
        if (E.Kind == Event::Wait || (Inner && Inner->Waits)) {
          Effect->Waits = true;
          Effect->Detached.reset();
        }
        if (E.Kind == Event::Detach)
          Effect->Detached |= E.Threads;
        if (Inner)
          Effect->Detached |= Inner->Detached;
      }
      Effect->Returns = returnsOf(Top.F, *Effect);
      FuncRef F = Top.F;
      Stack.pop_back();
      Effects[F] = std::move(Effect);
    }
    return Effects[Root].get();
  }

  /// What calling \p F does, if it is computed.
  const CallEffect *computed(FuncRef F) const {
    auto It = Effects.find(F);
    return It == Effects.end() ? nullptr : It->second.get();
  }

  /// The constants \p F returns when it detaches.
  std::optional<llvm::SmallVector<int64_t, 2>>
  returnsOf(FuncRef F, const CallEffect &Effect) {
    if (!Effect.Detached.any())
      return std::nullopt;
    if (const FunctionSummary *S = F.summary()) {
      if (!S->DetachReturnsKnown)
        return std::nullopt;
      return llvm::SmallVector<int64_t, 2>(S->DetachReturns);
    }
    const FunctionDecl *D = F.decl();
    return detachingReturns(*D, [&](const Expr *E) {
      if (detachedAt(E).any())
        return true;
      const FunctionDecl *Callee = calleeOf(E, D);
      FuncRef Def = Callee ? View.follow(Callee) : FuncRef();
      const CallEffect *Inner = Def && Def != F ? computed(Def) : nullptr;
      return Inner && Inner->Detached.any();
    });
  }

  /// Whether only main calls \p F, directly or through functions only main
  /// calls: exits in it end the process on main's paths.
  bool onlyMainCalls(const FunctionDecl *F) {
    if (F == Main)
      return true;
    auto [It, New] = OnlyMain.try_emplace(F, false); // false on a cycle
    if (!New)
      return It->second;
    llvm::ArrayRef<CallerIndex::Call> Calls = Analysis.Callers.callsTo(F);
    bool Result =
        !Calls.empty() && llvm::all_of(Calls, [&](const CallerIndex::Call &C) {
          return onlyMainCalls(C.second);
        });
    OnlyMain[F] = Result;
    return Result;
  }

  /// Whether \p F calls an exit-like function, itself or through the
  /// functions of this file it calls.
  bool reachesExit(const FunctionDecl *F) {
    auto [It, New] = ReachesExit.try_emplace(F, false); // false on a cycle
    if (!New)
      return It->second;
    llvm::SmallVector<const Expr *, 16> Calls;
    collectCalls(F->getBody(), Calls);
    bool Result = llvm::any_of(Calls, [&](const Expr *E) {
      const FunctionDecl *Callee = calleeOf(E, F);
      if (!Callee)
        return false;
      if (isExitCall(Callee))
        return true;
      const FunctionDecl *Def = followable(Callee);
      return Def && Def != F && reachesExit(Def);
    });
    ReachesExit[F] = Result;
    return Result;
  }

  bool callsFork(const FunctionDecl *F) {
    llvm::SmallVector<const Expr *, 16> Calls;
    collectCalls(F->getBody(), Calls);
    return llvm::any_of(Calls, [&](const Expr *E) {
      const FunctionDecl *Callee = calleeOf(E, F);
      return Callee && hasQualifiedName(Callee, "::fork");
    });
  }

  void report(SourceLocation Loc, std::string How, const PathState &State) {
    if (!State.Pending.any() || Found.count(Loc.getRawEncoding()))
      return;
    unsigned First = State.Pending.find_first();
    UnwaitedExit Exit;
    Exit.ExitLoc = Loc;
    Exit.How = std::move(How);
    Exit.Thread = Threads[First];
    Exit.DetachedAt = DetachedAt.lookup(First);
    Exit.SleepLoc = State.SleepLoc;
    Exit.Sleep = State.Sleep;
    Found.emplace(Loc.getRawEncoding(), Exit);
  }

  void markDetached(PathState &State, const llvm::BitVector &Detached,
                    SourceLocation At) {
    for (unsigned I : Detached.set_bits())
      DetachedAt.try_emplace(I, At);
    State.Pending |= Detached;
  }

  /// Remembers that \p Detached run only if \p Call returned one of
  /// \p Values.
  void addCondition(PathState &State, const Expr *Call,
                    const llvm::BitVector &Detached,
                    llvm::ArrayRef<int64_t> Values) {
    State.Conditions.push_back(
        {Call, llvm::SmallVector<int64_t, 2>(Values), Detached});
  }

  /// The threads created detached by \p E, a pthread_create or thrd_create
  /// that starts a thread only when it returns 0.
  static bool createsOnSuccess(const FunctionDecl *Callee) {
    return hasQualifiedName(Callee, "::pthread_create") ||
           hasQualifiedName(Callee, "::thrd_create");
  }

  /// Applies the call or construction \p E in \p F to \p State.
  void step(const Expr *E, const FunctionDecl *F, PathState &State) {
    const FunctionDecl *Callee = calleeOf(E, F);
    if (llvm::BitVector Here = detachedAt(E); Here.any()) {
      markDetached(State, Here, E->getExprLoc());
      if (Callee && createsOnSuccess(Callee))
        addCondition(State, E, Here, {0});
    }
    if (!Callee)
      return;
    if (isExitCall(Callee)) {
      // _exit in a fork() child ends the child only.
      bool InChild = Callee->getName().starts_with("_") && callsFork(F);
      if (!InChild)
        report(E->getExprLoc(), Callee->getNameAsString(), State);
      State.clear();
      return;
    }
    if (const VarDecl *Condition = waitedCondition(E)) {
      // A wait for the threads that may notify it, not for the others.
      llvm::BitVector Waited(size());
      for (unsigned I : State.Pending.set_bits())
        if (notifies(*Threads[I], *Condition))
          Waited.set(I);
      State.clear(Waited);
      return;
    }
    if (ApiTables::isWait(Callee) ||
        (F == Main && hasQualifiedName(Callee, "::pthread_exit"))) {
      State.clear();
      return;
    }
    if (isSleep(Callee)) {
      if (State.Pending.any() && !State.Sleep) {
        State.Sleep = Callee;
        State.SleepLoc = E->getExprLoc();
      }
      return;
    }
    FuncRef Def = View.follow(Callee);
    if (!Def || Def == F)
      return;
    if (const CallEffect *Inner = effectOf(Def)) {
      if (Inner->Waits)
        State.clear();
      if (Inner->Detached.any()) {
        markDetached(State, Inner->Detached, E->getExprLoc());
        if (Inner->Returns)
          addCondition(State, E, Inner->Detached, *Inner->Returns);
      }
    }
    const FunctionDecl *Local = Def.decl();
    if (Local && onlyMainCalls(F) && onlyMainCalls(Local) && reachesExit(Local))
      analyse(Local, State);
  }

  /// The destruction of the local \p Var of \p F: a destructor that may
  /// exit is analysed from \p State, as a call of a helper is.
  void destroy(const VarDecl *Var, const FunctionDecl *F,
               const PathState &State) {
    const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
    const FunctionDecl *Def =
        RD && RD->hasDefinition() ? followable(RD->getDestructor()) : nullptr;
    if (Def && (F == Main || onlyMainCalls(F)) && reachesExit(Def))
      analyse(Def, State);
  }

  /// `rc = start()` or `int rc = start()`: the conditions on the call now
  /// hold for the variable; an assignment of anything else forgets them.
  void bind(const Stmt *S, PathState &State) {
    const VarDecl *Var = nullptr;
    const Expr *Value = nullptr;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      if (!DS->isSingleDecl())
        return;
      Var = dyn_cast<VarDecl>(DS->getSingleDecl());
      Value = Var ? Var->getInit() : nullptr;
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->isAssignmentOp()) {
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        Var = dyn_cast<VarDecl>(DRE->getDecl());
      Value = BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr;
    }
    if (!Var)
      return;
    llvm::erase_if(State.Conditions,
                   [&](const Condition &C) { return C.Key == Var; });
    if (!Value)
      return;
    for (Condition &C : State.Conditions)
      if (C.Key == Value->IgnoreParenImpCasts())
        C.Key = Var;
  }

  /// The state on the edge to successor \p Index of \p B, whose terminator
  /// tests a condition: threads that a known result rules out stop there.
  PathState onEdge(const CFGBlock &B, unsigned Index, const PathState &State) {
    PathState Next = State;
    const Expr *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
    if (!Cond || B.succ_size() != 2 || Index > 1)
      return Next;
    for (const Condition &C : State.Conditions)
      if (!canBe(Cond, Index == 0, C.Key, C.Values, Ctx))
        Next.clear(C.Threads);
    return Next;
  }

  /// A loop that polls a flag that threads set as their last act waits for
  /// them (a hand-made join).
  void pollLoop(const CFGBlock &B, PathState &State,
                const llvm::DenseMap<const Stmt *, const Stmt *> &LoopOf) {
    const Stmt *Loop = B.getTerminatorStmt();
    // A block that tests part of a loop's condition polls for the loop.
    if (const Stmt *Outer = LoopOf.lookup(Loop))
      Loop = Outer;
    if (!Loop || !isa<WhileStmt, ForStmt, DoStmt>(Loop) || !State.Pending.any())
      return;
    const Stmt *Cond = loopCondition(Loop);
    if (!Cond)
      return;
    llvm::StringSet<> Flags;
    for (const VarDecl *Var : globalsRead(Cond))
      Flags.insert(declKey(Var));
    if (Flags.empty())
      return;
    llvm::BitVector Waited(size());
    for (unsigned I : State.Pending.set_bits())
      if (llvm::any_of(lastWritesOf(*Threads[I]), [&](const std::string &Key) {
            return Flags.contains(Key);
          }))
        Waited.set(I);
    State.clear(Waited);
  }

  /// mayNotify(), once per thread and condition variable: a wait is met on
  /// every visit of its block.
  bool notifies(const SpawnSite &Site, const VarDecl &Condition) {
    auto [It, New] = Notifies.try_emplace({&Site, &Condition});
    if (New)
      It->second = mayNotify(Site, Condition);
    return It->second;
  }

  /// The keys of the flags a thread's entries set as their last act.
  const std::vector<std::string> &lastWritesOf(const SpawnSite &Site) {
    auto [It, New] = LastWrites.try_emplace(&Site);
    if (!New)
      return It->second;
    std::vector<std::string> Keys;
    for (FuncRef Entry : Site.Entries) {
      if (const FunctionSummary *S = Entry.summary())
        for (llvm::StringRef Key : S->LastWrites)
          Keys.push_back(Key.str());
      else if (const FunctionDecl *D = Entry.decl())
        for (const VarDecl *Var : lastActWrites(*D))
          Keys.push_back(declKey(Var));
    }
    return LastWrites[&Site] = std::move(Keys);
  }

  void analyse(const FunctionDecl *F, const PathState &Start) {
    if (!F->getBody())
      return;
    // A helper is analysed again when it is reached with threads pending
    // that no earlier analysis of it had.
    auto [It, New] = AnalysedWith.try_emplace(F, size());
    if (!New && !Start.Pending.test(It->second))
      return;
    It->second |= Start.Pending;
    // With the destructors of locals: one that exits ends the process
    // where its object goes out of scope, after a return too.
    std::unique_ptr<CFG> G = buildStatementCFG(*F, LocalDtors);
    if (!G)
      return;
    // The `&&` and `||` of loop conditions, by their loop.
    llvm::DenseMap<const Stmt *, const Stmt *> LoopOf;
    for (const CFGBlock *B : *G) {
      const Stmt *Loop = B->getTerminatorStmt();
      if (!Loop || !isa<WhileStmt, ForStmt, DoStmt>(Loop))
        continue;
      llvm::SmallVector<const Expr *, 8> Parts;
      if (const Expr *Cond = loopCondition(Loop))
        Parts.push_back(Cond);
      while (!Parts.empty())
        if (const auto *Op = dyn_cast<BinaryOperator>(
                Parts.pop_back_val()->IgnoreParenImpCasts());
            Op && Op->isLogicalOp()) {
          LoopOf[Op] = Loop;
          Parts.push_back(Op->getLHS()->IgnoreParenImpCasts());
          Parts.push_back(Op->getRHS()->IgnoreParenImpCasts());
        }
    }
    std::vector<std::optional<PathState>> In(G->getNumBlockIDs());
    In[G->getEntry().getBlockID()] = Start;
    std::vector<const CFGBlock *> Work = {&G->getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.back();
      Work.pop_back();
      PathState State = *In[B->getBlockID()];
      bool Ends = false;
      for (const CFGElement &Element : *B) {
        if (std::optional<CFGAutomaticObjDtor> Dtor =
                Element.getAs<CFGAutomaticObjDtor>()) {
          destroy(Dtor->getVarDecl(), F, State);
          continue;
        }
        std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
        if (!S)
          continue;
        const Stmt *Node = S->getStmt();
        if (isa<CallExpr>(Node) || isa<CXXConstructExpr>(Node)) {
          step(cast<Expr>(Node), F, State);
          if (const FunctionDecl *Callee = calleeOf(cast<Expr>(Node), F))
            Ends = Callee->isNoReturn();
        } else if (isa<ReturnStmt>(Node)) {
          if (F == Main)
            report(Node->getBeginLoc(), "return", State);
          Ends = true;
        } else {
          bind(Node, State);
          Ends = false;
        }
      }
      pollLoop(*B, State, LoopOf);
      unsigned Index = 0;
      for (const CFGBlock *Succ : B->succs()) {
        unsigned ThisIndex = Index++;
        if (!Succ)
          continue;
        if (Succ == &G->getExit()) {
          if (F == Main && !Ends)
            report(F->getBody()->getEndLoc(), "return", State);
          continue;
        }
        PathState Edge = onEdge(*B, ThisIndex, State);
        std::optional<PathState> &Next = In[Succ->getBlockID()];
        if (!Next) {
          Next = std::move(Edge);
          Work.push_back(Succ);
        } else if (Next->join(Edge)) {
          Work.push_back(Succ);
        }
      }
    }
  }

  const FunctionDecl *Main;
  std::vector<const SpawnSite *> Threads;
  TUAnalysis &Analysis;
  ProjectView &View;
  const ASTContext &Ctx;
  ExitFindings &Out;
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 1>> PointOf;
  llvm::DenseMap<const SummaryFact *, unsigned> RemotePoint;
  llvm::DenseMap<unsigned, SourceLocation> DetachedAt;
  llvm::DenseMap<FuncRef, std::unique_ptr<CallEffect>> Effects;
  llvm::DenseMap<const FunctionDecl *, bool> OnlyMain;
  llvm::DenseMap<const FunctionDecl *, bool> ReachesExit;
  llvm::DenseMap<const SpawnSite *, std::vector<std::string>> LastWrites;
  llvm::DenseMap<std::pair<const SpawnSite *, const VarDecl *>, bool> Notifies;
  /// The threads pending at the start of each analysis of a function.
  llvm::DenseMap<const FunctionDecl *, llvm::BitVector> AnalysedWith;
  std::map<unsigned, UnwaitedExit> Found;
};

} // namespace

std::optional<llvm::SmallVector<int64_t, 2>>
detachingReturns(const FunctionDecl &F,
                 llvm::function_ref<bool(const Expr *)> DetachesAt) {
  std::unique_ptr<CFG> G = buildStatementCFG(F);
  if (!G)
    return std::nullopt;
  // Forward: whether some path to a block has detached.
  std::vector<std::optional<bool>> In(G->getNumBlockIDs());
  In[G->getEntry().getBlockID()] = false;
  std::vector<const CFGBlock *> Work = {&G->getEntry()};
  llvm::SmallVector<int64_t, 2> Values;
  bool Known = true;
  llvm::SmallPtrSet<const ReturnStmt *, 4> Seen;
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    bool Detached = *In[B->getBlockID()];
    for (const CFGElement &Element : *B) {
      std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *Node = S->getStmt();
      if (const auto *E = dyn_cast<Expr>(Node);
          E && isa<CallExpr, CXXConstructExpr>(E) && DetachesAt(E))
        Detached = true;
      if (const auto *Return = dyn_cast<ReturnStmt>(Node);
          Return && Detached && Seen.insert(Return).second) {
        std::optional<int64_t> Value =
            constantOf(Return->getRetValue(), F.getASTContext());
        if (Value)
          Values.push_back(*Value);
        else
          Known = false;
      }
    }
    for (const CFGBlock *Succ : B->succs()) {
      if (!Succ)
        continue;
      std::optional<bool> &Next = In[Succ->getBlockID()];
      if (!Next || (!*Next && Detached)) {
        Next = Detached;
        Work.push_back(Succ);
      }
    }
  }
  if (!Known || Values.empty())
    return std::nullopt;
  llvm::sort(Values);
  Values.erase(std::unique(Values.begin(), Values.end()), Values.end());
  return Values;
}

llvm::SmallVector<const VarDecl *, 1> lastActWrites(const FunctionDecl &F) {
  llvm::SmallVector<const VarDecl *, 1> Vars;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(F.getBody());
  if (!Body || Body->body_empty())
    return Vars;
  // Another return would end some path before the write.
  llvm::SmallVector<const Stmt *, 32> Work(Body->child_begin(),
                                           Body->child_end());
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (isa<ReturnStmt>(S))
      return Vars;
    Work.append(S->child_begin(), S->child_end());
  }
  const Stmt *Last = Body->body_back();
  const Expr *Target = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(Last);
      BO && BO->getOpcode() == BO_Assign)
    Target = BO->getLHS();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Last);
           Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    Target = Op->getArg(0);
  else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Last)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "store")
      Target = Call->getImplicitObjectArgument();
  }
  if (!Target)
    return Vars;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
    if (const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
        Var && Var->hasGlobalStorage())
      Vars.push_back(Var);
  return Vars;
}

std::vector<SignalHandler> signalHandlers(ASTContext &Ctx) {
  std::vector<SignalHandler> Out;
  const TUFacts &Facts = factsOf(Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  for (const FunctionDecl *F : Facts.Functions) {
    // `signal(SIGTERM, onTerm)`, or `Action.sa_handler = onTerm;`.
    std::vector<std::pair<const Expr *, SourceLocation>> Installs;
    const FunctionFacts &Body = *Facts.find(*F);
    for (const CallExpr *Call : Body.Calls)
      if (Call->getNumArgs() == 2 &&
          isCallTo(Call, {"::signal", "std::signal"}))
        Installs.emplace_back(Call->getArg(1), Call->getExprLoc());
    for (const BinaryOperator *Assign : Body.HandlerAssignments)
      Installs.emplace_back(Assign->getRHS(), Assign->getOperatorLoc());
    llvm::sort(Installs, [&](const auto &A, const auto &B) {
      return SM.isBeforeInTranslationUnit(A.second, B.second);
    });
    for (const auto &[Handler, Loc] : Installs)
      if (const FunctionDecl *Fn =
              followable(resolveCallable(Handler, F).Function))
        Out.push_back({Fn, Loc});
  }
  return Out;
}

ExitFindings unwaitedExits(const FunctionDecl *Main,
                           llvm::ArrayRef<const SpawnSite *> Threads,
                           TUAnalysis &Analysis) {
  ExitFindings Out;
  if (Threads.empty() && !Analysis.View.hasIndex())
    return Out;
  ExitAnalysis(Main, Threads, Analysis, Out).run();
  return Out;
}

} // namespace clang::tidy::daemon
