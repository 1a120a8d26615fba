//===-- Summary.h - what functions do, as whole-program mode keeps it -*- C++
//-*-===//
//
// The vocabulary of whole-program mode: for each function a translation unit
// defines, the facts the checks ask about (effects, calls, completion
// signals, waits, detaches, exceptions, uses of statics, ...), with places
// as byte offsets into the function's file. A SummarySet holds the
// summaries of one translation unit, or merged, of a whole project (the
// index); it is written to and read from a compact, versioned binary file
// without parsing any source.
//
//===----------------------------------------------------------------------===//

#ifndef DAEMON_TIDY_MODEL_SUMMARY_H
#define DAEMON_TIDY_MODEL_SUMMARY_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::daemon {

/// A place in a source file: its path and a byte offset into it.
struct FilePlace {
  llvm::StringRef File;
  uint32_t Offset = 0;
  bool valid() const { return !File.empty(); }
};

/// One thing a function does, in the order of its code.
struct SummaryFact {
  enum KindOf : uint8_t {
    /// Performs an effect of kind Effect through the API Text.
    Effect,
    /// Calls Callee; Destroyed names the object when it is a destructor.
    Call,
    /// Uses Text, an object with static storage destroyed at exit, declared
    /// at Declared.
    StaticUse,
    /// Writes to stdout or stderr through Text.
    Output,
    /// Calls Text (exit, std::exit) and ends the process.
    Exit,
    /// Signals completion (AtThreadExit: set_value_at_thread_exit).
    Signal,
    /// Waits for another thread through Text.
    Wait,
    /// Detaches the thread of Spawns[Spawn].
    Detach,
  };
  KindOf Kind = Call;
  /// Where, in the function's file.
  uint32_t Offset = 0;
  /// The EffectKind, for Effect.
  uint8_t EffectKind = 0;
  bool AtThreadExit = false;
  /// Destroyed names a local variable (whose destructor runs at scope end).
  bool DestroysLocal = false;
  uint32_t Spawn = 0;
  /// The key of the function called, for Call.
  llvm::StringRef Callee;
  /// The API, or the object used, as diagnostics name it (quoted).
  llvm::StringRef Text;
  /// The object whose destructor runs, as diagnostics name it (quoted).
  llvm::StringRef Destroyed;
  /// For StaticUse: where the object is declared.
  FilePlace Declared;
  /// For Call: the index in Handlers of the try handlers around the call.
  int32_t Handlers = -1;
  /// The indices of the Signal and Call facts after this one on every path
  /// from it to the function's normal return: if one of them signals
  /// completion, this fact is covered.
  llvm::SmallVector<uint32_t, 1> CoveredBy;
};

/// A thread the function starts and detaches (for the exit analysis of the
/// functions that call it).
struct SummarySpawn {
  /// The keys of the functions the thread runs.
  llvm::SmallVector<llvm::StringRef, 1> Entries;
  uint32_t CreatedAt = 0;
  uint32_t DetachedAt = 0;
};

/// Where an exception starts, for the exception analysis.
struct SummaryThrow {
  enum KindOf : uint8_t { Throw, Rethrow, LibraryCall } Kind = Throw;
  uint32_t Offset = 0;
  /// The type as diagnostics name it; empty when unknown.
  llvm::StringRef Type;
  /// The API, for LibraryCall.
  llvm::StringRef Api;
  /// The names of the handler types that catch it: its own class and its
  /// public bases.
  llvm::SmallVector<llvm::StringRef, 2> CaughtAs;
  /// Left a noexcept function on its way (the function itself).
  bool LeavesNoexcept = false;
};

/// One try handler around a call: the type it catches (empty for `...`)
/// and whether it lets the exception go on (`throw;`, or a constructor's
/// function-try-block).
struct SummaryHandler {
  llvm::StringRef Type;
  bool Rethrows = false;
};

/// A pthread_cleanup_push handler, or a thread_local the function uses.
struct SummaryCleanup {
  /// The handler's key, or the destructor's key to follow.
  llvm::StringRef Function;
  /// The thread_local, as diagnostics name it; empty for a handler.
  llvm::StringRef Object;
  /// The destructor or handler, as diagnostics name it.
  llvm::StringRef Cleanup;
  uint32_t Offset = 0;
  /// The kind of effect of the destructor itself, when a table knows it
  /// (EffectKind + 1; 0 when none).
  uint8_t DirectEffect = 0;
};

/// A parameter the function joins or detaches (a thread object by reference
/// or pointer, a pthread_t or thrd_t by value).
struct SummaryParamOp {
  uint32_t Param = 0;
  /// 0 join, 1 detach.
  uint8_t Op = 0;
  bool OnEveryPath = false;
  bool Guarded = false;
  uint32_t Offset = 0;
};

/// A call that passes one of the function's own parameters on: if the callee
/// runs argument Arg on a detached thread, so does the caller with Param.
struct SummaryForward {
  llvm::StringRef Callee;
  uint32_t Arg = 0;
  uint32_t Param = 0;
  uint32_t Offset = 0;
};

/// A call that passes a function as an argument (`Env->Schedule(&BGWork,
/// this)`): what a callable stored from that parameter may be.
struct SummaryPass {
  llvm::StringRef Callee;
  uint32_t Arg = 0;
  /// The key of the function passed.
  llvm::StringRef Function;
};

/// A call of a stored callable (a work queue's task) that may run what
/// other files pass as parameter Param of Callee, whose stores keep it.
struct SummaryStoredCall {
  uint32_t Offset = 0;
  llvm::StringRef Callee;
  uint32_t Param = 0;
};

/// What one function does: the facts the checks need, keyed by Key.
struct FunctionSummary {
  /// The function's USR; prefixed with its file for internal linkage.
  llvm::StringRef Key;
  /// As diagnostics name it: 'name', 'Class::method', the lambda at f.cpp:3.
  llvm::StringRef Name;
  /// The file of the body, and the body's byte range and hash: a summary is
  /// used only while that text is unchanged.
  llvm::StringRef File;
  uint32_t Begin = 0;
  uint32_t End = 0;
  uint64_t Hash = 0;
  bool Discardable = false;
  bool Noexcept = false;
  std::vector<SummaryFact> Facts;
  std::vector<SummarySpawn> Spawns;
  std::vector<SummaryThrow> Throws;
  std::vector<std::vector<SummaryHandler>> Handlers;
  std::vector<SummaryCleanup> Cleanups;
  std::vector<SummaryParamOp> ParamOps;
  /// A spawner wrapper: the parameter it runs on a detached thread (or -1),
  /// the code it adds around it, and where it spawns.
  int32_t WrapperParam = -1;
  llvm::StringRef WrapperInner;
  uint32_t WrapperSpawnAt = 0;
  /// Calls that pass one of the function's own parameters to a function
  /// defined elsewhere: a call to a wrapper makes this function one too.
  std::vector<SummaryForward> Forwards;
  /// The integer constants it returns on paths that detach a thread, when
  /// every such path returns one (DetachReturnsKnown).
  llvm::SmallVector<int64_t, 2> DetachReturns;
  bool DetachReturnsKnown = false;
  /// Variables with static storage (by key) the function writes as its last
  /// act on every normal path: a flag a poll loop can wait on.
  llvm::SmallVector<llvm::StringRef, 1> LastWrites;
  /// The functions it passes as arguments, and its calls of stored
  /// callables that other files' arguments may fill.
  std::vector<SummaryPass> Passes;
  std::vector<SummaryStoredCall> StoredCalls;

  /// What a caller's findings can depend on: the body's hash and what the
  /// merge inferred (wrappers of wrappers).
  uint64_t fingerprint() const;
};

/// A file a translation unit read, and the hash of its contents.
struct SummaryInput {
  llvm::StringRef Path;
  uint64_t Hash = 0;
};

/// The summaries of one translation unit, or of a project (the index),
/// with the strings they refer to.
class SummarySet {
public:
  SummarySet() : Strings(Allocator) {}
  SummarySet(const SummarySet &) = delete;
  SummarySet &operator=(const SummarySet &) = delete;

  /// Keeps \p S for as long as the set lives.
  llvm::StringRef save(llvm::StringRef S) { return Strings.save(S); }

  /// Adds \p F (its strings already saved in this set) unless a summary
  /// with its key is there; returns whether it was added.
  bool add(FunctionSummary F);
  /// Adds every summary of \p Other that this set lacks, copying strings.
  void merge(const SummarySet &Other);

  /// The summary of \p Key; none when two translation units define
  /// different functions under it (two programs' `main`, say).
  const FunctionSummary *find(llvm::StringRef Key) const {
    return Ambiguous.contains(Key) ? nullptr : ByKey.lookup(Key);
  }
  const std::deque<FunctionSummary> &functions() const { return Functions; }

  /// Makes the relative file paths of the summaries absolute, against
  /// Directory: for merging translation units compiled in different
  /// directories.
  void makePathsAbsolute();

  /// Infers the wrappers of wrappers: a function that passes its own
  /// parameter to a wrapper's spawned parameter is one too.
  void inferWrappers();

  /// The keys of the functions that the set's functions pass as argument
  /// \p Arg of the function \p Callee, sorted.
  std::vector<llvm::StringRef> passedTo(llvm::StringRef Callee,
                                        uint32_t Arg) const;
  /// How a translation unit names its dependency on passedTo().
  static std::string passedKey(llvm::StringRef Callee, uint32_t Arg);
  /// The fingerprint of a dependency: of the function a key names, or of
  /// the list a passedKey() names; 0 when there is none.
  uint64_t dependencyFingerprint(llvm::StringRef Key) const;

  /// What the translation unit was made from (empty in a merged index).
  std::string MainFile;
  /// The directory it was compiled in: relative paths of its functions'
  /// files are relative to it.
  std::string Directory;
  uint64_t CommandHash = 0;
  std::vector<SummaryInput> Inputs;
  /// Whether the translation unit's findings can depend on other files: it
  /// starts threads, defines main, installs signal handlers, or hands
  /// thread objects to functions defined elsewhere.
  bool NeedsIndex = false;
  /// The functions defined elsewhere that it calls with a callable
  /// argument: if one is a spawner wrapper, it starts a thread too.
  std::vector<llvm::StringRef> Outgoing;

  /// Writes the set to \p Path.
  llvm::Error write(llvm::StringRef Path) const;
  /// Reads a set written by write(); an error names what is wrong.
  static llvm::Expected<std::unique_ptr<SummarySet>> read(llvm::StringRef Path);
  /// Prints the set as text, one fact a line, for people and tests.
  void print(llvm::raw_ostream &OS) const;
  /// The same, from bytes already in memory.
  static llvm::Expected<std::unique_ptr<SummarySet>>
  parse(llvm::StringRef Bytes);

private:
  llvm::BumpPtrAllocator Allocator;
  llvm::UniqueStringSaver Strings;
  std::deque<FunctionSummary> Functions;
  llvm::StringMap<const FunctionSummary *> ByKey;
  llvm::StringSet<> Ambiguous;
  /// passedTo(), by passedKey().
  llvm::StringMap<std::vector<llvm::StringRef>> Passed;
};

/// The hash the summaries use for file contents and body text.
uint64_t contentHash(llvm::StringRef Bytes);

} // namespace clang::tidy::daemon

#endif
