//===-- Daemonizing.cpp - stdio left attached after daemonizing -----------===//
//
// A forward data-flow walk over each function's CFG. The state of a path is
// its phase (before the daemonizing call, in a fork child that has not yet
// called setsid, daemonized), which standard descriptors still refer to
// what the process started with, and which locals hold the daemonizing
// call's result. On the paths that matter the result is 0: daemon()
// returned success, fork() returned in the child. Branches that test the
// result are followed only on the side that 0 takes.
//
//===----------------------------------------------------------------------===//

#include "Daemonizing.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <map>
#include <optional>
#include <tuple>

namespace clang::tidy::daemon {
namespace {

enum class Phase : unsigned char { Before, Child, Daemonized };

struct State {
  bool Reached = false;
  Phase At = Phase::Before;
  /// The standard descriptors still attached to the terminal.
  StdioFds Attached = AllStdioFds;
  const CallExpr *Setsid = nullptr;
  /// Locals that hold the daemonizing call's result.
  llvm::SmallVector<const VarDecl *, 1> Holders;

  bool operator==(const State &O) const {
    return std::tie(Reached, At, Attached, Setsid, Holders) ==
           std::tie(O.Reached, O.At, O.Attached, O.Setsid, O.Holders);
  }
};

/// Paths meet: the later phase wins (a path from the daemonizing call
/// reaches here); a descriptor redirected on some path counts as
/// redirected.
State join(const State &A, const State &B) {
  if (!A.Reached || (B.Reached && B.At > A.At))
    return B;
  if (!B.Reached || A.At > B.At)
    return A;
  State R = A;
  R.Attached &= B.Attached;
  if (!R.Setsid)
    R.Setsid = B.Setsid;
  llvm::erase_if(R.Holders, [&](const VarDecl *V) {
    return !llvm::is_contained(B.Holders, V);
  });
  return R;
}

/// A write reached while daemonized with its descriptor attached.
struct FoundWrite {
  StdioWrite Write;
  /// When the write happens in a callee: the call, and the write as the
  /// callee's summary has it, which holds the rest of the chain. Chains
  /// share their tails, so that a deep chain takes memory in proportion to
  /// its length.
  CallStep Step;
  const FoundWrite *Rest;
  const FunctionDecl *Performer;
  const CallExpr *Setsid;

  /// The calls from the walked function to Performer.
  std::vector<CallStep> chain() const {
    std::vector<CallStep> Steps;
    for (const FoundWrite *W = this; W->Rest; W = W->Rest)
      Steps.push_back(W->Step);
    return Steps;
  }
};

struct Summary {
  State Exit;
  std::vector<FoundWrite> Writes;
};

/// Whether \p Callee is the C library's \p Name, not a user's namesake.
bool isLibcCall(const FunctionDecl *Callee, llvm::StringRef Name) {
  return hasQualifiedName(Callee, Name) && isInSystemHeader(Callee);
}

/// Calls after which the path does not go on: a successful exec replaces
/// the process, and output after a failed one is on a failure branch.
bool endsPath(const FunctionDecl *Callee) {
  for (llvm::StringRef Name : {"::execv", "::execve", "::execvp", "::execvpe",
                               "::execl", "::execle", "::execlp", "::fexecve"})
    if (isLibcCall(Callee, Name))
      return true;
  return false;
}

} // namespace

class DaemonizingModel::Impl {
public:
  explicit Impl(ASTContext &Ctx) : Ctx(Ctx), Callers(Ctx) {}

  std::vector<DaemonizedOutput> outputs();

private:
  struct Graph {
    std::unique_ptr<CFG> G;
    std::vector<const CFGBlock *> Order;
  };
  const Graph *graphOf(const FunctionDecl *F);
  /// A function, and the phase and attached descriptors it is entered with.
  using SummaryKey = std::tuple<const FunctionDecl *, Phase, StdioFds>;
  /// Walks \p F; when a call needs a summary that is not computed yet, sets
  /// Missing and the result is incomplete.
  Summary walk(const FunctionDecl *F, State Entry, const CallExpr *Start,
               DaemonizeKind Kind);
  /// walk(), computing the summaries it needs first.
  Summary walkComplete(const FunctionDecl *F, State Entry,
                       const CallExpr *Start, DaemonizeKind Kind);
  /// Computes the summary of \p Root and those it needs with an explicit
  /// stack, not recursion: call chains can be thousands deep.
  const Summary &summaryOf(const SummaryKey &Root);
  void step(const Stmt *S, const FunctionDecl *F, const CallExpr *Start,
            DaemonizeKind Kind, State &St, std::vector<FoundWrite> *Out);
  bool feasible(const CFGBlock &B, unsigned Succ, const State &St,
                const CallExpr *Start) const;
  std::optional<int64_t> valueOf(const Expr *E, const State &St,
                                 const CallExpr *Start) const;
  std::optional<bool> truthOf(const Expr *E, const State &St,
                              const CallExpr *Start) const;

  ASTContext &Ctx;
  CallerIndex Callers;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Graph>> Graphs;
  std::map<std::tuple<const FunctionDecl *, Phase, StdioFds>, Summary>
      Summaries;
  /// The functions whose summaries are being computed: the current chain.
  llvm::SmallPtrSet<const FunctionDecl *, 8> InProgress;
  /// The first summary the current walk needed and did not find.
  std::optional<SummaryKey> Missing;
};

const DaemonizingModel::Impl::Graph *
DaemonizingModel::Impl::graphOf(const FunctionDecl *F) {
  std::unique_ptr<Graph> &Slot = Graphs[F];
  if (!Slot) {
    Slot = std::make_unique<Graph>();
    CFG::BuildOptions Options;
    Slot->G = CFG::buildCFG(F, F->getBody(), &Ctx, Options);
    if (Slot->G) {
      PostOrderCFGView Order(Slot->G.get());
      Slot->Order.assign(Order.begin(), Order.end());
    }
  }
  return Slot->G ? Slot.get() : nullptr;
}

std::optional<int64_t>
DaemonizingModel::Impl::valueOf(const Expr *E, const State &St,
                                const CallExpr *Start) const {
  E = E->IgnoreParenCasts();
  if (E == Start)
    return 0;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (llvm::is_contained(St.Holders, DRE->getDecl()))
      return 0;
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_Assign)
    return valueOf(BO->getRHS(), St, Start);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Minus)
    if (std::optional<int64_t> V = valueOf(UO->getSubExpr(), St, Start))
      return -*V;
  if (std::optional<llvm::APSInt> V = E->getIntegerConstantExpr(Ctx))
    return V->getExtValue();
  return std::nullopt;
}

std::optional<bool>
DaemonizingModel::Impl::truthOf(const Expr *E, const State &St,
                                const CallExpr *Start) const {
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_LNot) {
    std::optional<bool> Sub = truthOf(UO->getSubExpr(), St, Start);
    return Sub ? std::optional<bool>(!*Sub) : std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->isComparisonOp()) {
    std::optional<int64_t> L = valueOf(BO->getLHS(), St, Start);
    std::optional<int64_t> R = valueOf(BO->getRHS(), St, Start);
    if (!L || !R)
      return std::nullopt;
    switch (BO->getOpcode()) {
    case BO_LT:
      return *L < *R;
    case BO_GT:
      return *L > *R;
    case BO_LE:
      return *L <= *R;
    case BO_GE:
      return *L >= *R;
    case BO_EQ:
      return *L == *R;
    case BO_NE:
      return *L != *R;
    default:
      return std::nullopt;
    }
  }
  if (std::optional<int64_t> V = valueOf(E, St, Start))
    return *V != 0;
  return std::nullopt;
}

bool DaemonizingModel::Impl::feasible(const CFGBlock &B, unsigned Succ,
                                      const State &St,
                                      const CallExpr *Start) const {
  if (St.At == Phase::Before)
    return true;
  if (const auto *Switch =
          dyn_cast_or_null<SwitchStmt>(B.getTerminatorStmt())) {
    std::optional<int64_t> V = valueOf(Switch->getCond(), St, Start);
    if (!V)
      return true;
    // The successor labelled `case V:`, else `default:`, else the last one
    // (past the switch).
    std::optional<unsigned> Match, Default;
    unsigned I = 0;
    for (const CFGBlock::AdjacentBlock &Next : B.succs()) {
      const CFGBlock *Target = Next.getReachableBlock();
      const Stmt *Label = Target ? Target->getLabel() : nullptr;
      if (const auto *Case = dyn_cast_or_null<CaseStmt>(Label)) {
        std::optional<llvm::APSInt> C =
            Case->getLHS()->getIntegerConstantExpr(Ctx);
        if (C && C->getExtValue() == *V && !Case->getRHS())
          Match = I;
      } else if (isa_and_nonnull<DefaultStmt>(Label)) {
        Default = I;
      }
      ++I;
    }
    return Succ == Match.value_or(Default.value_or(B.succ_size() - 1));
  }
  if (B.succ_size() != 2)
    return true;
  const Expr *Cond = B.getLastCondition();
  std::optional<bool> Truth = Cond ? truthOf(Cond, St, Start) : std::nullopt;
  return !Truth || Succ == (*Truth ? 0u : 1u);
}

void DaemonizingModel::Impl::step(const Stmt *S, const FunctionDecl *F,
                                  const CallExpr *Start, DaemonizeKind Kind,
                                  State &St, std::vector<FoundWrite> *Out) {
  auto IsResult = [&](const Expr *E) {
    return E && valueOf(E, St, Start) == 0 &&
           !E->IgnoreParenCasts()->getIntegerConstantExpr(Ctx);
  };
  auto Track = [&](const VarDecl *V, const Expr *Value) {
    llvm::erase_if(St.Holders, [V](const VarDecl *H) { return H == V; });
    if (St.At != Phase::Before && IsResult(Value))
      St.Holders.push_back(V);
  };
  if (S == Start) {
    St.At =
        Kind == DaemonizeKind::ForkSetsid ? Phase::Child : Phase::Daemonized;
    St.Holders.clear();
    St.Setsid = nullptr;
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        Track(V, V->getInit());
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
        DRE && BO->isAssignmentOp())
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Track(V, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return;
  if (St.At == Phase::Child && isLibcCall(Callee, "::setsid")) {
    St.At = Phase::Daemonized;
    St.Setsid = Call;
    return;
  }
  if (endsPath(Callee)) {
    St.Reached = false;
    return;
  }
  if (StdioFds Redirected = redirectedStdioFds(Call, F, &Callers)) {
    St.Attached &= ~Redirected;
    return;
  }
  if (std::optional<StdioWrite> Write = stdioWrite(Call, F, &Callers)) {
    if (Out && St.At == Phase::Daemonized && (St.Attached & stdioFd(Write->Fd)))
      Out->push_back({*Write, {}, nullptr, F, St.Setsid});
    return;
  }
  // A recursive call changes nothing that is known here.
  const FunctionDecl *Def = Callee->getDefinition();
  if (!Def || !Def->hasBody() || isInSystemHeader(Def) ||
      InProgress.contains(Def))
    return;
  auto Found = Summaries.find({Def, St.At, St.Attached});
  if (Found == Summaries.end()) {
    // The caller of walk() computes it and walks again; this path stops.
    if (!Missing)
      Missing.emplace(Def, St.At, St.Attached);
    St.Reached = false;
    return;
  }
  const Summary &Sum = Found->second;
  if (Out)
    for (const FoundWrite &W : Sum.Writes) {
      FoundWrite Hop = W;
      Hop.Step = {F, Def, Call->getExprLoc()};
      Hop.Rest = &W;
      if (!Hop.Setsid)
        Hop.Setsid = St.Setsid;
      Out->push_back(std::move(Hop));
    }
  St.Reached = Sum.Exit.Reached;
  St.At = Sum.Exit.At;
  St.Attached = Sum.Exit.Attached;
  if (Sum.Exit.Setsid)
    St.Setsid = Sum.Exit.Setsid;
}

Summary DaemonizingModel::Impl::walk(const FunctionDecl *F, State Entry,
                                     const CallExpr *Start,
                                     DaemonizeKind Kind) {
  Summary Result;
  const Graph *G = graphOf(F);
  if (!G) {
    Result.Exit = Entry; // Nothing visible happens.
    return Result;
  }
  llvm::DenseMap<const CFGBlock *, State> In;
  In[&G->G->getEntry()] = Entry;
  // Iterate in reverse post-order until nothing changes, then walk once
  // more to collect the writes in that order.
  auto Run = [&](std::vector<FoundWrite> *Out) {
    bool Changed = false;
    for (const CFGBlock *B : G->Order) {
      State St = In.lookup(B);
      if (!St.Reached)
        continue;
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>(); S && St.Reached)
          step(S->getStmt(), F, Start, Kind, St, Out);
      if (!St.Reached)
        continue;
      unsigned I = 0;
      for (const CFGBlock::AdjacentBlock &Next : B->succs()) {
        const CFGBlock *Target = Next.getReachableBlock();
        if (Target && feasible(*B, I, St, Start)) {
          State Joined = join(In.lookup(Target), St);
          if (!(Joined == In.lookup(Target))) {
            In[Target] = std::move(Joined);
            Changed = true;
          }
        }
        ++I;
      }
    }
    return Changed;
  };
  while (Run(nullptr)) {
  }
  Run(&Result.Writes);
  Result.Exit = In.lookup(&G->G->getExit());
  return Result;
}

Summary DaemonizingModel::Impl::walkComplete(const FunctionDecl *F, State Entry,
                                             const CallExpr *Start,
                                             DaemonizeKind Kind) {
  while (true) {
    Missing.reset();
    Summary Result = walk(F, Entry, Start, Kind);
    if (!Missing)
      return Result;
    summaryOf(*Missing);
  }
}

const Summary &DaemonizingModel::Impl::summaryOf(const SummaryKey &Root) {
  // Depth first: a summary that needs another one is walked again once
  // that one is computed. A call of a function on the stack (recursion)
  // changes nothing that is known, as step() says.
  std::vector<SummaryKey> Stack = {Root};
  InProgress.insert(std::get<0>(Root));
  while (!Stack.empty()) {
    auto [F, At, Attached] = Stack.back();
    State Clean;
    Clean.Reached = true;
    Clean.At = At;
    Clean.Attached = Attached;
    Missing.reset();
    Summary Sum = walk(F, Clean, nullptr, DaemonizeKind::DaemonNoclose);
    if (Missing) {
      InProgress.insert(std::get<0>(*Missing));
      Stack.push_back(*Missing);
      continue;
    }
    InProgress.erase(F);
    Summaries[Stack.back()] = std::move(Sum);
    Stack.pop_back();
  }
  return Summaries[Root];
}

std::vector<DaemonizedOutput> DaemonizingModel::Impl::outputs() {
  std::vector<DaemonizedOutput> Result;
  // Only the functions that call daemon() or fork() are walked; a
  // translation unit that calls neither costs one lookup.
  llvm::SetVector<const FunctionDecl *> Functions;
  for (llvm::StringRef Name : {"daemon", "fork"})
    for (const NamedDecl *D :
         Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
      if (const auto *Fn = dyn_cast<FunctionDecl>(D); Fn && Fn->isReferenced())
        for (const CallerIndex::Call &Call : Callers.callsTo(Fn))
          Functions.insert(Call.second);
  for (const FunctionDecl *F : Functions) {
    const Graph *G = graphOf(F);
    if (!G)
      continue;
    for (const CFGBlock *B : G->Order)
      for (const CFGElement &E : *B) {
        std::optional<CFGStmt> S = E.getAs<CFGStmt>();
        const auto *Call = S ? dyn_cast<CallExpr>(S->getStmt()) : nullptr;
        const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
        if (!Callee)
          continue;
        DaemonizeKind Kind;
        if (isLibcCall(Callee, "::fork")) {
          Kind = DaemonizeKind::ForkSetsid;
        } else if (isLibcCall(Callee, "::daemon") && Call->getNumArgs() == 2) {
          std::optional<llvm::APSInt> NoClose =
              Call->getArg(1)->getIntegerConstantExpr(Ctx);
          if (NoClose && NoClose->isZero())
            continue; // daemon() itself redirects 0, 1 and 2 to /dev/null.
          Kind = NoClose ? DaemonizeKind::DaemonNoclose
                         : DaemonizeKind::DaemonUnknownNoclose;
        } else {
          continue;
        }
        State Entry;
        Entry.Reached = true;
        Summary Walked = walkComplete(F, Entry, Call, Kind);
        // The calls of `std::cout << a << b` are one write.
        llvm::SmallPtrSet<const Expr *, 8> Seen;
        std::vector<const FoundWrite *> Writes;
        for (const FoundWrite &W : Walked.Writes)
          if (Seen.insert(W.Write.Site).second)
            Writes.push_back(&W);
        if (Writes.empty())
          continue;
        const FoundWrite &First = *Writes.front();
        DaemonizedOutput Out{
            Kind,        Call,          First.Setsid,
            F,           First.chain(), First.Performer,
            First.Write, nullptr,       static_cast<unsigned>(Writes.size())};
        if (Writes.size() > 1)
          Out.Next = Writes[1]->Write.Site;
        Result.push_back(std::move(Out));
      }
  }
  return Result;
}

DaemonizingModel::DaemonizingModel(ASTContext &Ctx)
    : Self(std::make_unique<Impl>(Ctx)) {}

DaemonizingModel::~DaemonizingModel() = default;

std::vector<DaemonizedOutput> DaemonizingModel::daemonizedOutputs() {
  return Self->outputs();
}

} // namespace clang::tidy::daemon
