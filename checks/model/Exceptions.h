//===-- Exceptions.h - which exceptions can leave code ----------*- C++ -*-===//

#ifndef DAEMON_TIDY_MODEL_EXCEPTIONS_H
#define DAEMON_TIDY_MODEL_EXCEPTIONS_H

#include "EffectModel.h"
#include "ProjectIndex.h"
#include "ThreadModel.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PointerIntPair.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::daemon {

class ParamDependence;

/// A function named by the check option ThrowingFunctions: `name`, or
/// `name=ExceptionType` when the user says what it throws.
struct ThrowingFunction {
  std::string QualifiedName;
  /// Empty when not given.
  std::string ExceptionType;

  /// Parses a semicolon-separated option value.
  static std::vector<ThrowingFunction> parseList(llvm::StringRef List);
};

/// The type of an exception, as far as the translation unit shows it.
struct ExceptionType {
  /// The type of the exception object (canonical, unqualified); null for an
  /// exception known only by name.
  QualType Type;
  /// Its class; null for other types and for classes the TU does not
  /// declare.
  const CXXRecordDecl *Record = nullptr;
  /// How diagnostics name it ("std::out_of_range"); empty when nothing is
  /// known (a ThrowingFunctions entry without a type).
  std::string Name;
  /// For an exception thrown in another translation unit: the names of the
  /// handler types that catch it (its class and public bases).
  std::vector<std::string> CaughtAs;
};

/// The names of the handler types that catch \p T, as summaries keep them:
/// its class and its public bases, or the type itself.
std::vector<std::string> catchNames(const ExceptionType &T);

/// How a summary names the type a handler catches; empty for `...`.
std::string handlerName(QualType Handler);

/// Where an exception starts.
struct ThrowPoint {
  enum KindOf {
    /// `throw expr;`
    Throw,
    /// `throw;` in a handler that caught the exception.
    Rethrow,
    /// A call of a throwing library function (ThrowingApis.def or the
    /// option).
    LibraryCall,
  } Kind;
  /// The function that throws, rethrows or makes the call.
  FuncRef Thrower;
  SourceLocation Loc;
  /// For LibraryCall, the function as the table names it ("std::stoi").
  std::string Api;
};

/// The condition of the `if` around a throw, when it reads parameters of
/// the function it is in and the function never changes them: the throw
/// can happen only when the condition holds (when it fails, for a throw in
/// the else branch). The calls on the chain bind the parameters; once every
/// parameter it reads is bound, the condition is evaluated, and the throw
/// is unreachable if the arguments make it fail.
struct ThrowGuard {
  /// A parameter of Function as the function the exception is leaving
  /// passes it on.
  struct Binding {
    /// The argument of the last call that bound it: the value, once
    /// Forwarded is not set.
    const Expr *Arg = nullptr;
    /// While set: the index of the parameter of the function being left
    /// that is passed unchanged to this one.
    std::optional<unsigned> Forwarded;
    /// Whether the condition reads it; the others need no value.
    bool Read = false;
    /// For a Deterministic guard: whether the function's work depends on
    /// it, so that it must be a constant too.
    bool Input = false;
  };
  /// A parameter the bindings assume unchanged.
  struct KeptParam {
    const FunctionDecl *Function;
    const ParmVarDecl *Param;
    /// Whether only the Deterministic rule assumes it.
    bool InputOnly;
  };
  /// The condition as the `if` tests it, converted to bool.
  const Expr *Condition;
  /// The function whose `if` it is.
  const FunctionDecl *Function;
  /// Whether the throw is in the else branch.
  bool InElse;
  /// Whether the function does the same work for the same arguments and
  /// the condition depends on them (ParamDependence): when the condition
  /// cannot be evaluated and every parameter the function names is bound
  /// to a constant, the constants are taken to pass the check.
  bool Deterministic = false;
  /// One per parameter of Function.
  llvm::SmallVector<Binding, 4> Params;
  /// The parameters whose values the bindings assume unchanged: those the
  /// condition reads (or the function names), and those passed on unchanged
  /// to them. Checked only once every binding is a value, as the check is
  /// costly.
  llvm::SmallVector<KeptParam, 2> Kept;
};

/// An exception that can leave a function (or a statement) uncaught.
struct Escape {
  ExceptionType Type;
  ThrowPoint Origin;
  /// When the exception comes out of a call: that call, the first step of
  /// the chain to Origin.Thrower.
  CallStep Step;
  /// When it comes out of a call: how it leaves the callee, which holds the
  /// rest of the chain. Chains share their tails, so that a chain thousands
  /// of calls deep takes memory in proportion to its length.
  const Escape *Rest = nullptr;
  /// The first noexcept function the exception leaves on its way out, if
  /// any: std::terminate is called there, and no handler further out can
  /// catch it.
  FuncRef Noexcept = {};
  /// When set, the exception is thrown only if the `if` takes the branch
  /// that throws.
  const ThrowGuard *Guard = nullptr;

  /// The calls from the function asked about to Origin.Thrower.
  std::vector<CallStep> chain() const;
};

/// An exception that leaves the entry of a thread.
struct ThreadEscape {
  FuncRef Entry;
  Escape Exception;
};

/// Which exceptions can leave code (SPEC §7, "can throw"): a visible
/// `throw` not caught on the way, or a call of a function in the
/// ThrowingFunctions list (built-in table and option). Calls are followed
/// into visible definitions outside system headers, as EffectModel does;
/// calls with no visible body throw nothing. A throw in a branch of an
/// `if` on parameters leaves through a call only if the arguments can take
/// that branch (ThrowGuard). Per-function results are memoized, lazily, per
/// translation unit.
class ExceptionModel {
public:
  /// Calls of stored callables (work queues) go to what \p Stored finds.
  ExceptionModel(ASTContext &Ctx, std::vector<ThrowingFunction> Extra,
                 ProjectView &View, StoredCallables &Stored);
  ~ExceptionModel();

  /// The exceptions that can leave \p F, one per type, in source order.
  llvm::ArrayRef<Escape> escapesOf(FuncRef F);

  /// The exceptions that \p F's own throws and throwing library calls let
  /// out of it, not following its calls: what its summary keeps.
  std::vector<Escape> ownEscapesOf(const FunctionDecl *F);

  /// The exceptions that can leave \p S, a statement or expression in
  /// \p Context, ignoring the try blocks around it: "can this call throw?".
  std::vector<Escape> escapesOf(const Stmt *S, const FunctionDecl *Context);

  /// The first exception that can leave an entry of a thread started at
  /// \p Site.
  std::optional<ThreadEscape> findEscape(const SpawnSite &Site);

  /// Whether a handler for \p Handler (null for `catch (...)`) catches an
  /// exception of type \p Thrown.
  static bool catches(QualType Handler, const ExceptionType &Thrown);

private:
  struct Row;
  /// Computes the summaries of \p F and of the functions it reaches, callees
  /// first, with an explicit stack: call chains can be thousands deep.
  void summarise(FuncRef F);
  /// The escapes of \p F, once its callees' are known.
  std::vector<Escape> escapesOfBody(FuncRef F);
  std::vector<Escape> escapesOfIndexed(const FunctionSummary &F);
  /// The functions whose escapes \p F's depend on.
  llvm::SmallVector<FuncRef, 8> calleesOf(FuncRef F);
  /// The branch of an `if` that a statement is in: the innermost one in
  /// its function.
  struct Branch {
    const IfStmt *If = nullptr;
    bool Else = false;
  };
  /// Adds to \p Out the exceptions that leave \p S, in source order. Walks
  /// with an explicit stack: an expression such as `a + b + ...` nests as
  /// deep as it is long.
  void collect(const Stmt *S, const FunctionDecl *F,
               const std::vector<Escape> *Caught, std::vector<Escape> &Out,
               Branch Around);
  /// The part of collect() for \p S itself, once its children are done.
  void collectNode(const Stmt *S, const FunctionDecl *F,
                   const std::vector<Escape> *Caught, Branch Around,
                   std::vector<Escape> &Out);
  void collectTry(const CXXTryStmt *Try, const FunctionDecl *F,
                  const std::vector<Escape> *Caught, Branch Around,
                  std::vector<Escape> &Out);
  /// Whether \p Callee is a listed throwing function; if so, adds the
  /// exceptions this call of it (with \p Args) throws to \p Out.
  bool libraryCall(const FunctionDecl *Callee,
                   llvm::ArrayRef<const Expr *> Args, const FunctionDecl *F,
                   SourceLocation Loc, Branch Around, std::vector<Escape> &Out);
  /// Adds to \p Out the exceptions that leave \p F through a call of
  /// \p Callee; \p Args are the arguments, one per parameter, when the call
  /// binds them.
  void callOf(const FunctionDecl *Callee,
              std::optional<llvm::ArrayRef<const Expr *>> Args,
              const FunctionDecl *F, SourceLocation Loc, Branch Around,
              std::vector<Escape> &Out);
  /// The guard of a throw in \p Around, a branch in \p F; null when its
  /// condition does not qualify. \p ForThrow tells a `throw` expression in
  /// the branch itself, which alone may be Deterministic, from a call or a
  /// rethrow.
  const ThrowGuard *guardOf(Branch Around, const FunctionDecl *F,
                            bool ForThrow);
  /// \p G, of an exception leaving \p Callee, as it leaves \p F when \p F
  /// calls \p Callee with \p Args: null when nothing is known any more,
  /// and then \p Unreachable tells whether the arguments rule the throw out.
  const ThrowGuard *callThrough(const ThrowGuard &G,
                                llvm::ArrayRef<const Expr *> Args,
                                const FunctionDecl *Callee,
                                const FunctionDecl *F, bool &Unreachable);
  /// Whether \p F never changes its parameter \p P.
  bool keepsParam(const FunctionDecl *F, const ParmVarDecl *P);
  /// What \p F's work depends on, computed once.
  const ParamDependence &dependenceOf(const FunctionDecl *F);
  ExceptionType typeNamed(llvm::StringRef Name);

  ASTContext &Ctx;
  std::vector<ThrowingFunction> Extra;
  ProjectView &View;
  StoredCallables &Stored;
  /// While set, collect() does not follow calls (ownEscapesOf).
  bool FollowCalls = true;
  /// Built-in rows and option entries, by the last component of the name.
  llvm::StringMap<llvm::SmallVector<const Row *, 2>> RowsByName;
  std::vector<std::unique_ptr<Row>> Rows;
  /// Exception classes named by the tables, found on first use.
  std::optional<llvm::StringMap<const CXXRecordDecl *>> Classes;
  std::vector<std::unique_ptr<ThrowGuard>> Guards;
  /// guardOf(), by the statement of the branch and ForThrow.
  using GuardKey = llvm::PointerIntPair<const Stmt *, 1, bool>;
  llvm::DenseMap<GuardKey, const ThrowGuard *> GuardOfBranch;
  /// keepsParam(), by parameter.
  llvm::DenseMap<const ParmVarDecl *, bool> KeptParams;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ParamDependence>>
      Dependences;
  /// Per function; null while it is being computed (a recursion cycle).
  llvm::DenseMap<FuncRef, std::unique_ptr<std::vector<Escape>>> Summaries;
  /// The functions on a recursion cycle. Their summaries miss what comes
  /// back around the cycle, with other arguments: the guards of their
  /// escapes are not evaluated at their calls.
  llvm::DenseSet<FuncRef> OnCycle;
  /// For a function on a cycle, the functions in progress it read, besides
  /// itself: it is on their cycles, and so is whoever reads it before they
  /// are done.
  llvm::DenseMap<FuncRef, llvm::SmallVector<FuncRef, 2>> CycleHeads;
  /// While a summary is computed: the functions in progress it reads.
  llvm::DenseSet<FuncRef> *ReadHeads = nullptr;
};

} // namespace clang::tidy::daemon

#endif
