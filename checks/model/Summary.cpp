//===-- Summary.cpp - what functions do, as whole-program mode keeps it ---===//
//
// The file format, all integers LEB128 unless said otherwise:
//
//   "DAEMONSUM" FormatVersion ToolVersion:str LlvmVersion:str
//   MainFile:str Directory:str CommandHash:u64le NeedsIndex
//   NumStrings (Length Bytes)*        strings are indices into this table,
//                                     0 for the empty string
//   NumInputs (Path:str Hash:u64le)*
//   NumOutgoing Key:str*
//   NumFunctions Function*
//
// A reader refuses a file whose magic, format version, daemon-tidy version
// or LLVM version differ from its own.
//
//===----------------------------------------------------------------------===//

#include "Summary.h"
#include "DaemonTidyConfig.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/LEB128.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>

namespace clang::tidy::daemon {
namespace {

constexpr llvm::StringLiteral Magic = "DAEMONSUM";
/// Bumped whenever the layout or the meaning of a fact changes.
constexpr uint64_t FormatVersion = 2;

/// Serializes a set: strings go to a table first.
class Writer {
public:
  explicit Writer(const SummarySet &Set) : Set(Set) {}

  std::string bytes() {
    // The body first, so that the string table is complete.
    std::string Body;
    {
      llvm::raw_string_ostream OS(Body);
      Out = &OS;
      num(Set.Inputs.size());
      for (const SummaryInput &I : Set.Inputs) {
        str(I.Path);
        u64(I.Hash);
      }
      num(Set.Outgoing.size());
      for (llvm::StringRef Key : Set.Outgoing)
        str(Key);
      std::vector<const FunctionSummary *> Kept;
      for (const FunctionSummary &F : Set.functions())
        if (Set.find(F.Key))
          Kept.push_back(&F);
      num(Kept.size());
      for (const FunctionSummary *F : Kept)
        function(*F);
    }
    std::string Head;
    llvm::raw_string_ostream OS(Head);
    Out = &OS;
    OS << Magic;
    num(FormatVersion);
    raw(DAEMON_TIDY_VERSION);
    raw(DAEMON_TIDY_LLVM_VERSION_STRING);
    raw(Set.MainFile);
    raw(Set.Directory);
    u64(Set.CommandHash);
    num(Set.NeedsIndex);
    num(Table.size());
    for (llvm::StringRef S : Table)
      raw(S);
    OS << Body;
    return Head;
  }

private:
  void num(uint64_t V) { llvm::encodeULEB128(V, *Out); }
  void snum(int64_t V) { llvm::encodeSLEB128(V, *Out); }
  void u64(uint64_t V) {
    char Bytes[8];
    llvm::support::endian::write64le(Bytes, V);
    Out->write(Bytes, 8);
  }
  void raw(llvm::StringRef S) {
    num(S.size());
    *Out << S;
  }
  void str(llvm::StringRef S) {
    if (S.empty()) {
      num(0);
      return;
    }
    auto [It, New] = Index.try_emplace(S, Table.size() + 1);
    if (New)
      Table.push_back(S);
    num(It->second);
  }
  void place(const FilePlace &P) {
    str(P.File);
    num(P.Offset);
  }

  void function(const FunctionSummary &F) {
    str(F.Key);
    str(F.Name);
    str(F.File);
    num(F.Begin);
    num(F.End);
    u64(F.Hash);
    num(F.Discardable | F.Noexcept << 1 | F.DetachReturnsKnown << 2);
    num(F.Facts.size());
    for (const SummaryFact &Fact : F.Facts) {
      num(Fact.Kind);
      num(Fact.Offset);
      num(Fact.EffectKind);
      num(Fact.AtThreadExit | Fact.DestroysLocal << 1);
      num(Fact.Spawn);
      str(Fact.Callee);
      str(Fact.Text);
      str(Fact.Destroyed);
      place(Fact.Declared);
      snum(Fact.Handlers);
      num(Fact.CoveredBy.size());
      for (uint32_t I : Fact.CoveredBy)
        num(I);
    }
    num(F.Spawns.size());
    for (const SummarySpawn &S : F.Spawns) {
      num(S.Entries.size());
      for (llvm::StringRef E : S.Entries)
        str(E);
      num(S.CreatedAt);
      num(S.DetachedAt);
    }
    num(F.Throws.size());
    for (const SummaryThrow &T : F.Throws) {
      num(T.Kind);
      num(T.Offset);
      str(T.Type);
      str(T.Api);
      num(T.LeavesNoexcept);
      num(T.CaughtAs.size());
      for (llvm::StringRef C : T.CaughtAs)
        str(C);
    }
    num(F.Handlers.size());
    for (const auto &List : F.Handlers) {
      num(List.size());
      for (const SummaryHandler &H : List) {
        str(H.Type);
        num(H.Rethrows);
      }
    }
    num(F.Cleanups.size());
    for (const SummaryCleanup &C : F.Cleanups) {
      str(C.Function);
      str(C.Object);
      str(C.Cleanup);
      num(C.Offset);
      num(C.DirectEffect);
    }
    num(F.ParamOps.size());
    for (const SummaryParamOp &P : F.ParamOps) {
      num(P.Param);
      num(P.Op);
      num(P.OnEveryPath | P.Guarded << 1);
      num(P.Offset);
    }
    snum(F.WrapperParam);
    str(F.WrapperInner);
    num(F.WrapperSpawnAt);
    num(F.Forwards.size());
    for (const SummaryForward &Fw : F.Forwards) {
      str(Fw.Callee);
      num(Fw.Arg);
      num(Fw.Param);
      num(Fw.Offset);
    }
    num(F.DetachReturns.size());
    for (int64_t V : F.DetachReturns)
      snum(V);
    num(F.LastWrites.size());
    for (llvm::StringRef W : F.LastWrites)
      str(W);
    num(F.Passes.size());
    for (const SummaryPass &P : F.Passes) {
      str(P.Callee);
      num(P.Arg);
      str(P.Function);
    }
    num(F.StoredCalls.size());
    for (const SummaryStoredCall &C : F.StoredCalls) {
      num(C.Offset);
      str(C.Callee);
      num(C.Param);
    }
  }

  const SummarySet &Set;
  llvm::raw_ostream *Out = nullptr;
  llvm::DenseMap<llvm::StringRef, uint64_t> Index;
  std::vector<llvm::StringRef> Table;
};

/// Deserializes a set; every read is bounds-checked.
class Reader {
public:
  Reader(llvm::StringRef Bytes, SummarySet &Set) : Bytes(Bytes), Set(Set) {}

  llvm::Error read() {
    if (!Bytes.consume_front(Magic))
      return fail("not a daemon-tidy summary file");
    uint64_t Version = num();
    if (Failed || Version != FormatVersion)
      return fail("summary format " + std::to_string(Version) +
                  " is not this daemon-tidy's (" +
                  std::to_string(FormatVersion) + ")");
    llvm::StringRef Tool = raw(), Llvm = raw();
    if (Failed)
      return fail("truncated summary file");
    if (Tool != DAEMON_TIDY_VERSION || Llvm != DAEMON_TIDY_LLVM_VERSION_STRING)
      return fail(("written by daemon-tidy " + Tool + " for LLVM " + Llvm +
                   "; this is daemon-tidy " DAEMON_TIDY_VERSION
                   " for LLVM " DAEMON_TIDY_LLVM_VERSION_STRING)
                      .str());
    Set.MainFile = raw().str();
    Set.Directory = raw().str();
    Set.CommandHash = u64();
    Set.NeedsIndex = num();
    uint64_t NumStrings = count();
    Table.reserve(NumStrings + 1);
    Table.push_back("");
    for (uint64_t I = 0; I < NumStrings && !Failed; ++I)
      Table.push_back(Set.save(raw()));
    uint64_t NumInputs = count();
    for (uint64_t I = 0; I < NumInputs && !Failed; ++I) {
      SummaryInput In;
      In.Path = str();
      In.Hash = u64();
      Set.Inputs.push_back(In);
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I)
      Set.Outgoing.push_back(str());
    uint64_t NumFunctions = count();
    for (uint64_t I = 0; I < NumFunctions && !Failed; ++I) {
      FunctionSummary F;
      function(F);
      if (!Failed && !F.Key.empty())
        Set.add(std::move(F));
    }
    if (Failed)
      return fail("corrupt summary file");
    if (!Bytes.empty())
      return fail("corrupt summary file: data after the last function");
    return llvm::Error::success();
  }

private:
  llvm::Error fail(const std::string &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Why);
  }

  uint64_t num() {
    if (Failed)
      return 0;
    unsigned N = 0;
    const char *Error = nullptr;
    uint64_t V =
        llvm::decodeULEB128(Bytes.bytes_begin(), &N, Bytes.bytes_end(), &Error);
    if (Error) {
      Failed = true;
      return 0;
    }
    Bytes = Bytes.drop_front(N);
    return V;
  }
  int64_t snum() {
    if (Failed)
      return 0;
    unsigned N = 0;
    const char *Error = nullptr;
    int64_t V =
        llvm::decodeSLEB128(Bytes.bytes_begin(), &N, Bytes.bytes_end(), &Error);
    if (Error) {
      Failed = true;
      return 0;
    }
    Bytes = Bytes.drop_front(N);
    return V;
  }
  /// A count of items that each take at least one byte.
  uint64_t count() {
    uint64_t N = num();
    if (N > Bytes.size())
      Failed = true;
    return Failed ? 0 : N;
  }
  uint32_t u32() {
    uint64_t V = num();
    if (V > UINT32_MAX)
      Failed = true;
    return static_cast<uint32_t>(V);
  }
  uint64_t u64() {
    if (Failed || Bytes.size() < 8) {
      Failed = true;
      return 0;
    }
    uint64_t V = llvm::support::endian::read64le(Bytes.data());
    Bytes = Bytes.drop_front(8);
    return V;
  }
  llvm::StringRef raw() {
    uint64_t N = num();
    if (Failed || N > Bytes.size()) {
      Failed = true;
      return "";
    }
    llvm::StringRef S = Bytes.take_front(N);
    Bytes = Bytes.drop_front(N);
    return S;
  }
  llvm::StringRef str() {
    uint64_t I = num();
    if (Failed || I >= Table.size()) {
      Failed = true;
      return "";
    }
    return Table[I];
  }
  FilePlace place() {
    FilePlace P;
    P.File = str();
    P.Offset = u32();
    return P;
  }

  void function(FunctionSummary &F) {
    F.Key = str();
    F.Name = str();
    F.File = str();
    F.Begin = u32();
    F.End = u32();
    F.Hash = u64();
    uint64_t Flags = num();
    F.Discardable = Flags & 1;
    F.Noexcept = Flags & 2;
    F.DetachReturnsKnown = Flags & 4;
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryFact Fact;
      uint64_t Kind = num();
      if (Kind > SummaryFact::Detach)
        Failed = true;
      Fact.Kind = static_cast<SummaryFact::KindOf>(Kind);
      Fact.Offset = u32();
      Fact.EffectKind = static_cast<uint8_t>(num());
      uint64_t Bits = num();
      Fact.AtThreadExit = Bits & 1;
      Fact.DestroysLocal = Bits & 2;
      Fact.Spawn = u32();
      Fact.Callee = str();
      Fact.Text = str();
      Fact.Destroyed = str();
      Fact.Declared = place();
      Fact.Handlers = static_cast<int32_t>(snum());
      for (uint64_t J = 0, M = count(); J < M && !Failed; ++J)
        Fact.CoveredBy.push_back(u32());
      F.Facts.push_back(std::move(Fact));
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummarySpawn S;
      for (uint64_t J = 0, M = count(); J < M && !Failed; ++J)
        S.Entries.push_back(str());
      S.CreatedAt = u32();
      S.DetachedAt = u32();
      F.Spawns.push_back(std::move(S));
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryThrow T;
      uint64_t Kind = num();
      if (Kind > SummaryThrow::LibraryCall)
        Failed = true;
      T.Kind = static_cast<SummaryThrow::KindOf>(Kind);
      T.Offset = u32();
      T.Type = str();
      T.Api = str();
      T.LeavesNoexcept = num();
      for (uint64_t J = 0, M = count(); J < M && !Failed; ++J)
        T.CaughtAs.push_back(str());
      F.Throws.push_back(std::move(T));
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      std::vector<SummaryHandler> List;
      for (uint64_t J = 0, M = count(); J < M && !Failed; ++J) {
        SummaryHandler H;
        H.Type = str();
        H.Rethrows = num();
        List.push_back(H);
      }
      F.Handlers.push_back(std::move(List));
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryCleanup C;
      C.Function = str();
      C.Object = str();
      C.Cleanup = str();
      C.Offset = u32();
      C.DirectEffect = static_cast<uint8_t>(num());
      F.Cleanups.push_back(C);
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryParamOp P;
      P.Param = u32();
      P.Op = static_cast<uint8_t>(num());
      uint64_t Bits = num();
      P.OnEveryPath = Bits & 1;
      P.Guarded = Bits & 2;
      P.Offset = u32();
      F.ParamOps.push_back(P);
    }
    F.WrapperParam = static_cast<int32_t>(snum());
    F.WrapperInner = str();
    F.WrapperSpawnAt = u32();
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryForward Fw;
      Fw.Callee = str();
      Fw.Arg = u32();
      Fw.Param = u32();
      Fw.Offset = u32();
      F.Forwards.push_back(Fw);
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I)
      F.DetachReturns.push_back(snum());
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I)
      F.LastWrites.push_back(str());
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryPass P;
      P.Callee = str();
      P.Arg = u32();
      P.Function = str();
      F.Passes.push_back(P);
    }
    for (uint64_t I = 0, N = count(); I < N && !Failed; ++I) {
      SummaryStoredCall C;
      C.Offset = u32();
      C.Callee = str();
      C.Param = u32();
      F.StoredCalls.push_back(C);
    }
    // Indices into the function's own lists must be in range.
    for (const SummaryFact &Fact : F.Facts) {
      if ((Fact.Kind == SummaryFact::Detach && Fact.Spawn >= F.Spawns.size()) ||
          Fact.Handlers >= static_cast<int64_t>(F.Handlers.size()) ||
          llvm::any_of(Fact.CoveredBy,
                       [&](uint32_t I) { return I >= F.Facts.size(); }))
        Failed = true;
    }
  }

  llvm::StringRef Bytes;
  SummarySet &Set;
  std::vector<llvm::StringRef> Table;
  bool Failed = false;
};

/// Copies the strings of a summary into \p To.
FunctionSummary copyInto(const FunctionSummary &F, SummarySet &To) {
  auto S = [&](llvm::StringRef Str) { return To.save(Str); };
  FunctionSummary C = F;
  C.Key = S(F.Key);
  C.Name = S(F.Name);
  C.File = S(F.File);
  for (SummaryFact &Fact : C.Facts) {
    Fact.Callee = S(Fact.Callee);
    Fact.Text = S(Fact.Text);
    Fact.Destroyed = S(Fact.Destroyed);
    Fact.Declared.File = S(Fact.Declared.File);
  }
  for (SummarySpawn &Spawn : C.Spawns)
    for (llvm::StringRef &E : Spawn.Entries)
      E = S(E);
  for (SummaryThrow &T : C.Throws) {
    T.Type = S(T.Type);
    T.Api = S(T.Api);
    for (llvm::StringRef &Name : T.CaughtAs)
      Name = S(Name);
  }
  for (auto &List : C.Handlers)
    for (SummaryHandler &H : List)
      H.Type = S(H.Type);
  for (SummaryCleanup &Cl : C.Cleanups) {
    Cl.Function = S(Cl.Function);
    Cl.Object = S(Cl.Object);
    Cl.Cleanup = S(Cl.Cleanup);
  }
  C.WrapperInner = S(C.WrapperInner);
  for (SummaryForward &Fw : C.Forwards)
    Fw.Callee = S(Fw.Callee);
  for (llvm::StringRef &W : C.LastWrites)
    W = S(W);
  for (SummaryPass &P : C.Passes) {
    P.Callee = S(P.Callee);
    P.Function = S(P.Function);
  }
  for (SummaryStoredCall &SC : C.StoredCalls)
    SC.Callee = S(SC.Callee);
  return C;
}

} // namespace

uint64_t contentHash(llvm::StringRef Bytes) { return llvm::xxh3_64bits(Bytes); }

std::string SummarySet::passedKey(llvm::StringRef Callee, uint32_t Arg) {
  return ("passed " + Callee + "#" + llvm::Twine(Arg)).str();
}

std::vector<llvm::StringRef> SummarySet::passedTo(llvm::StringRef Callee,
                                                  uint32_t Arg) const {
  auto It = Passed.find(passedKey(Callee, Arg));
  if (It == Passed.end())
    return {};
  std::vector<llvm::StringRef> Functions = It->second;
  llvm::sort(Functions);
  Functions.erase(std::unique(Functions.begin(), Functions.end()),
                  Functions.end());
  return Functions;
}

uint64_t SummarySet::dependencyFingerprint(llvm::StringRef Key) const {
  llvm::StringRef Rest = Key;
  if (!Rest.consume_front("passed ")) {
    const FunctionSummary *F = find(Key);
    return F ? F->fingerprint() : 0;
  }
  auto [Callee, Arg] = Rest.rsplit('#');
  uint32_t Index = 0;
  if (Arg.getAsInteger(10, Index))
    return 0;
  std::vector<llvm::StringRef> Functions = passedTo(Callee, Index);
  if (Functions.empty())
    return 0;
  // The functions' own fingerprints are dependencies of their own.
  std::string Text;
  for (llvm::StringRef Function : Functions)
    Text += Function.str() + ";";
  return contentHash(Text) | 1;
}

uint64_t FunctionSummary::fingerprint() const {
  std::string Text = std::to_string(Hash) + ":" + std::to_string(WrapperParam) +
                     ":" + WrapperInner.str();
  return contentHash(Text) | 1; // never 0, which means "not in the index"
}

bool SummarySet::add(FunctionSummary F) {
  auto [It, New] = ByKey.try_emplace(F.Key, nullptr);
  if (!New)
    return false;
  Functions.push_back(std::move(F));
  It->second = &Functions.back();
  for (const SummaryPass &P : It->second->Passes)
    Passed[passedKey(P.Callee, P.Arg)].push_back(P.Function);
  return true;
}

void SummarySet::merge(const SummarySet &Other) {
  for (const FunctionSummary &F : Other.Functions) {
    const FunctionSummary *Known = ByKey.lookup(F.Key);
    if (!Known)
      add(copyInto(F, *this));
    else if (Known->File != F.File || Known->Hash != F.Hash)
      Ambiguous.insert(F.Key);
  }
}

void SummarySet::makePathsAbsolute() {
  auto Absolute = [&](llvm::StringRef &Path) {
    if (Path.empty() || llvm::sys::path::is_absolute(Path))
      return;
    llvm::SmallString<256> Full(Directory);
    llvm::sys::path::append(Full, Path);
    llvm::sys::path::remove_dots(Full, /*remove_dot_dot=*/true);
    Path = save(Full);
  };
  for (FunctionSummary &F : Functions) {
    Absolute(F.File);
    for (SummaryFact &Fact : F.Facts)
      Absolute(Fact.Declared.File);
  }
}

void SummarySet::inferWrappers() {
  // A wrapper of a wrapper, until nothing new is found.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (FunctionSummary &F : Functions) {
      if (F.WrapperParam >= 0)
        continue;
      for (const SummaryForward &Fw : F.Forwards) {
        const FunctionSummary *W = find(Fw.Callee);
        if (!W || W->WrapperParam < 0 ||
            static_cast<uint32_t>(W->WrapperParam) != Fw.Arg)
          continue;
        F.WrapperParam = static_cast<int32_t>(Fw.Param);
        F.WrapperInner = W->WrapperInner;
        F.WrapperSpawnAt = Fw.Offset;
        Changed = true;
        break;
      }
    }
  }
}

void SummarySet::print(llvm::raw_ostream &OS) const {
  static constexpr const char *Kinds[] = {"effect", "call",  "static-use",
                                          "output", "exit",  "signal",
                                          "wait",   "detach"};
  if (!MainFile.empty())
    OS << "translation unit " << MainFile << (NeedsIndex ? " (threads)" : "")
       << "\n";
  for (llvm::StringRef Key : Outgoing)
    OS << "  calls with a callable: " << Key << "\n";
  for (const FunctionSummary &F : Functions) {
    OS << "function " << F.Name << " " << F.Key << "\n  at " << F.File << ":"
       << F.Begin << "-" << F.End << (F.Discardable ? " discardable" : "")
       << (F.Noexcept ? " noexcept" : "") << "\n";
    if (F.WrapperParam >= 0)
      OS << "  wrapper of parameter " << F.WrapperParam << " at "
         << F.WrapperSpawnAt << (F.WrapperInner.empty() ? "" : " with ")
         << F.WrapperInner << "\n";
    for (const SummaryFact &Fact : F.Facts) {
      OS << "  " << Kinds[Fact.Kind] << " @" << Fact.Offset;
      if (Fact.Kind == SummaryFact::Effect)
        OS << " kind " << unsigned(Fact.EffectKind);
      if (!Fact.Callee.empty())
        OS << " " << Fact.Callee;
      if (!Fact.Text.empty())
        OS << " " << Fact.Text;
      if (!Fact.Destroyed.empty())
        OS << " destroying " << Fact.Destroyed;
      if (Fact.Kind == SummaryFact::Detach)
        for (llvm::StringRef Entry : F.Spawns[Fact.Spawn].Entries)
          OS << " running " << Entry;
      if (!Fact.CoveredBy.empty())
        OS << " covered-by " << Fact.CoveredBy.size();
      OS << "\n";
    }
    for (const SummaryThrow &T : F.Throws)
      OS << "  throws " << (T.Type.empty() ? T.Api : T.Type) << " @" << T.Offset
         << "\n";
    for (const SummaryForward &Fw : F.Forwards)
      OS << "  forwards parameter " << Fw.Param << " to " << Fw.Callee
         << " argument " << Fw.Arg << "\n";
    if (F.DetachReturnsKnown) {
      OS << "  detaches when returning";
      for (int64_t V : F.DetachReturns)
        OS << " " << V;
      OS << "\n";
    }
    for (llvm::StringRef W : F.LastWrites)
      OS << "  last writes " << W << "\n";
    for (const SummaryPass &P : F.Passes)
      OS << "  passes " << P.Function << " to " << P.Callee << " argument "
         << P.Arg << "\n";
    for (const SummaryStoredCall &C : F.StoredCalls)
      OS << "  calls a stored callable @" << C.Offset << " from " << C.Callee
         << " parameter " << C.Param << "\n";
  }
}

llvm::Error SummarySet::write(llvm::StringRef Path) const {
  std::string Bytes = Writer(*this).bytes();
  // Write to a temporary file and rename it, so that a reader never sees a
  // half-written file.
  llvm::SmallString<256> Temp(Path);
  Temp += ".tmp%%%%%%";
  int FD = -1;
  llvm::SmallString<256> TempPath;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Temp, FD, TempPath))
    return llvm::createFileError(Path, EC);
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Bytes;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(TempPath);
      return llvm::createFileError(Path, EC);
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(TempPath, Path)) {
    llvm::sys::fs::remove(TempPath);
    return llvm::createFileError(Path, EC);
  }
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<SummarySet>>
SummarySet::read(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "%s",
                                   Buffer.getError().message().c_str());
  return parse((*Buffer)->getBuffer());
}

llvm::Expected<std::unique_ptr<SummarySet>>
SummarySet::parse(llvm::StringRef Bytes) {
  auto Set = std::make_unique<SummarySet>();
  if (llvm::Error E = Reader(Bytes, *Set).read())
    return std::move(E);
  return std::move(Set);
}

} // namespace clang::tidy::daemon
