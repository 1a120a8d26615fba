//===-- ExitPaths.cpp - where the process ends with threads running -------===//

#include "ExitPaths.h"
#include "ApiTables.h"
#include "Callables.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <map>

namespace clang::tidy::daemon {

bool isExitCall(const FunctionDecl *Callee) {
  static constexpr llvm::StringRef Names[] = {
      "::exit",  "std::exit",  "::quick_exit", "std::quick_exit",
      "::_Exit", "std::_Exit", "::_exit"};
  return llvm::any_of(Names, [&](llvm::StringRef Name) {
    return hasQualifiedName(Callee, Name);
  });
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

/// The calls and constructions in \p Body, outside lambda bodies, in source
/// order. Walks with an explicit stack: an expression such as `a + b + ...`
/// nests as deep as it is long.
void collectCalls(const Stmt *Body, llvm::SmallVectorImpl<const Expr *> &Out) {
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

/// What a path has seen since its last wait.
struct PathState {
  llvm::BitVector Pending;
  SourceLocation SleepLoc;
  const FunctionDecl *Sleep = nullptr;

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
    return Changed;
  }
  void clear() {
    Pending.reset();
    Sleep = nullptr;
    SleepLoc = SourceLocation();
  }
};

/// The forward analysis of main (and the functions only main calls).
class ExitAnalysis {
public:
  ExitAnalysis(const FunctionDecl *Main,
               llvm::ArrayRef<const SpawnSite *> Threads, CallerIndex &Callers)
      : Main(Main), Threads(Threads), Callers(Callers) {
    for (unsigned I = 0; I < Threads.size(); ++I) {
      const SpawnSite *S = Threads[I];
      SourceLocation Point =
          S->Detach == DetachKind::DetachSelf ? S->CreationLoc : S->DetachLoc;
      PointOf[Point.getRawEncoding()].push_back(I);
    }
  }

  std::vector<UnwaitedExit> run() {
    PathState Start;
    Start.Pending.resize(Threads.size());
    analyse(Main, Start);
    std::vector<UnwaitedExit> Result;
    for (auto &[Loc, Exit] : Found)
      Result.push_back(Exit);
    return Result;
  }

private:
  /// The threads a function detaches, itself or through what it calls.
  const llvm::BitVector &detachesIn(const FunctionDecl *F) {
    if (!Detaches.count(F))
      bottomUp(
          F,
          [&](const FunctionDecl *G) {
            return Detaches.try_emplace(G, Threads.size()).second;
          },
          [&](const FunctionDecl *G) {
            llvm::BitVector Result(Threads.size());
            for (unsigned I = 0; I < Threads.size(); ++I)
              if (Threads[I]->Creator == G)
                Result.set(I);
            for (const FunctionDecl *Def : followedCallees(G))
              Result |= Detaches[Def]; // empty while in progress on a cycle
            Detaches[G] = std::move(Result);
          });
    return Detaches[F];
  }

  /// Whether a function waits for another thread, itself or through what
  /// it calls.
  bool waitsIn(const FunctionDecl *F) {
    if (!Waits.count(F))
      bottomUp(
          F,
          [&](const FunctionDecl *G) {
            return Waits.try_emplace(G, false).second;
          },
          [&](const FunctionDecl *G) {
            bool Result = false;
            llvm::SmallVector<const Expr *, 16> Calls;
            collectCalls(G->getBody(), Calls);
            for (const Expr *Call : Calls)
              if (const FunctionDecl *Callee = calleeOf(Call, G))
                Result = Result || ApiTables::isWait(Callee);
            for (const FunctionDecl *Def : followedCallees(G))
              Result = Result || Waits.lookup(Def);
            Waits[G] = Result;
          });
    return Waits[F];
  }

  /// The definitions of the functions \p F calls, other than itself.
  static llvm::SmallVector<const FunctionDecl *, 8>
  followedCallees(const FunctionDecl *F) {
    llvm::SmallVector<const Expr *, 16> Calls;
    collectCalls(F->getBody(), Calls);
    llvm::SmallVector<const FunctionDecl *, 8> Result;
    for (const Expr *Call : Calls)
      if (const FunctionDecl *Def = followable(calleeOf(Call, F));
          Def && Def != F)
        Result.push_back(Def);
    return Result;
  }

  /// Calls \p Finish on \p Root and on each function it reaches that
  /// \p Start has not seen (Start marks it in progress and says whether it
  /// was new), callees before callers. An explicit stack, not recursion:
  /// call chains can be thousands deep.
  template <typename StartFn, typename FinishFn>
  static void bottomUp(const FunctionDecl *Root, StartFn Start,
                       FinishFn Finish) {
    struct Frame {
      const FunctionDecl *F;
      /// Its callees still to visit, the first call last.
      llvm::SmallVector<const FunctionDecl *, 8> Pending;
    };
    auto FrameOf = [](const FunctionDecl *F) {
      Frame New{F, followedCallees(F)};
      std::reverse(New.Pending.begin(), New.Pending.end());
      return New;
    };
    Start(Root);
    std::vector<Frame> Stack;
    Stack.push_back(FrameOf(Root));
    while (!Stack.empty()) {
      if (!Stack.back().Pending.empty()) {
        const FunctionDecl *Callee = Stack.back().Pending.pop_back_val();
        if (Start(Callee))
          Stack.push_back(FrameOf(Callee));
        continue;
      }
      const FunctionDecl *F = Stack.back().F;
      Stack.pop_back();
      Finish(F);
    }
  }

  /// Whether \p F is called only from main and itself calls an exit-like
  /// function: its exits end the process on main's paths.
  bool exitsForMain(const FunctionDecl *F) {
    if (F == Main)
      return false;
    llvm::ArrayRef<CallerIndex::Call> Calls = Callers.callsTo(F);
    if (Calls.empty() || llvm::any_of(Calls, [&](const CallerIndex::Call &C) {
          return C.second != Main;
        }))
      return false;
    llvm::SmallVector<const Expr *, 16> Inner;
    collectCalls(F->getBody(), Inner);
    return llvm::any_of(Inner, [&](const Expr *E) {
      const FunctionDecl *Callee = calleeOf(E, F);
      return Callee && isExitCall(Callee);
    });
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

  void markDetached(PathState &State, const llvm::BitVector &Threads,
                    SourceLocation At) {
    for (unsigned I : Threads.set_bits())
      DetachedAt.try_emplace(I, At);
    State.Pending |= Threads;
  }

  /// Applies the call or construction \p E in \p F to \p State.
  void step(const Expr *E, const FunctionDecl *F, PathState &State) {
    SourceLocation NameLoc = E->getExprLoc();
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee))
        NameLoc = DRE->getLocation();
    }
    for (SourceLocation Loc : {E->getExprLoc(), E->getBeginLoc(), NameLoc}) {
      auto It = PointOf.find(Loc.getRawEncoding());
      if (It == PointOf.end())
        continue;
      llvm::BitVector Here(Threads.size());
      for (unsigned I : It->second)
        Here.set(I);
      markDetached(State, Here, Loc);
    }
    const FunctionDecl *Callee = calleeOf(E, F);
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
    const FunctionDecl *Def = followable(Callee);
    if (!Def || Def == F)
      return;
    if (const llvm::BitVector &Inner = detachesIn(Def); Inner.any())
      markDetached(State, Inner, E->getExprLoc());
    else if (waitsIn(Def))
      State.clear();
    if (F == Main && exitsForMain(Def))
      analyse(Def, State);
  }

  void analyse(const FunctionDecl *F, const PathState &Start) {
    if (!F->getBody() || !Analysed.insert(F).second)
      return;
    std::unique_ptr<CFG> G = buildStatementCFG(*F);
    if (!G)
      return;
    std::vector<std::optional<PathState>> In(G->getNumBlockIDs());
    In[G->getEntry().getBlockID()] = Start;
    std::vector<const CFGBlock *> Work = {&G->getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.back();
      Work.pop_back();
      PathState State = *In[B->getBlockID()];
      bool Ends = false;
      for (const CFGElement &Element : *B) {
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
          Ends = false;
        }
      }
      for (const CFGBlock *Succ : B->succs()) {
        if (!Succ)
          continue;
        if (Succ == &G->getExit()) {
          if (F == Main && !Ends)
            report(F->getBody()->getEndLoc(), "return", State);
          continue;
        }
        std::optional<PathState> &Next = In[Succ->getBlockID()];
        if (!Next) {
          Next = State;
          Work.push_back(Succ);
        } else if (Next->join(State)) {
          Work.push_back(Succ);
        }
      }
    }
  }

  const FunctionDecl *Main;
  llvm::ArrayRef<const SpawnSite *> Threads;
  CallerIndex &Callers;
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 1>> PointOf;
  llvm::DenseMap<unsigned, SourceLocation> DetachedAt;
  llvm::DenseMap<const FunctionDecl *, llvm::BitVector> Detaches;
  llvm::DenseMap<const FunctionDecl *, bool> Waits;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Analysed;
  std::map<unsigned, UnwaitedExit> Found;
};

/// Finds the functions installed as signal handlers.
class HandlerFinder : public RecursiveASTVisitor<HandlerFinder> {
public:
  HandlerFinder(const FunctionDecl *F, std::vector<SignalHandler> &Out)
      : F(F), Out(Out) {}

  // A lambda's body is a function definition of its own.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() == 2 &&
        (hasQualifiedName(Callee, "::signal") ||
         hasQualifiedName(Callee, "std::signal")))
      add(Call->getArg(1), Call->getExprLoc());
    return true;
  }

  // `Action.sa_handler = onTerm;` (glibc spells it through a macro).
  bool VisitBinaryOperator(BinaryOperator *Assign) {
    if (Assign->getOpcode() != BO_Assign)
      return true;
    const auto *Member =
        dyn_cast<MemberExpr>(Assign->getLHS()->IgnoreParenImpCasts());
    const IdentifierInfo *II =
        Member ? Member->getMemberDecl()->getIdentifier() : nullptr;
    if (II && (II->isStr("sa_handler") || II->isStr("sa_sigaction")))
      add(Assign->getRHS(), Assign->getOperatorLoc());
    return true;
  }

private:
  void add(const Expr *Handler, SourceLocation Loc) {
    if (const FunctionDecl *Fn =
            followable(resolveCallable(Handler, F).Function))
      Out.push_back({Fn, Loc});
  }

  const FunctionDecl *F;
  std::vector<SignalHandler> &Out;
};

} // namespace

std::vector<SignalHandler> signalHandlers(ASTContext &Ctx) {
  std::vector<SignalHandler> Out;
  for (const FunctionDecl *F : userFunctionDefinitions(Ctx))
    HandlerFinder(F, Out).TraverseStmt(const_cast<Stmt *>(F->getBody()));
  return Out;
}

std::vector<UnwaitedExit>
unwaitedExits(const FunctionDecl *Main,
              llvm::ArrayRef<const SpawnSite *> Threads, CallerIndex &Callers) {
  if (Threads.empty())
    return {};
  return ExitAnalysis(Main, Threads, Callers).run();
}

} // namespace clang::tidy::daemon
