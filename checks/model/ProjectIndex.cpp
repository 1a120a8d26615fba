//===-- ProjectIndex.cpp - the whole program, as one TU sees it -----------===//

#include "ProjectIndex.h"
#include "Callables.h"
#include "Functions.h"
#include "Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/Support/FileSystem.h"
#include <mutex>

namespace clang::tidy::daemon {
namespace {

/// The indexes a process has read, by path, with the file's state then.
struct LoadedIndex {
  llvm::sys::TimePoint<> Modified;
  uint64_t Size = 0;
  std::shared_ptr<const SummarySet> Index;
  /// The problem already reported for this state of the file.
  std::string Problem;
};

std::mutex IndexMutex;

llvm::StringMap<LoadedIndex> &loadedIndexes() {
  // Never destroyed: daemon-clangd's threads may still ask during exit.
  static auto *Loaded = new llvm::StringMap<LoadedIndex>();
  return *Loaded;
}

} // namespace

std::string functionKey(const FunctionDecl *F) { return declKey(F); }

std::string declKey(const NamedDecl *D) {
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(D, USR))
    return "";
  std::string Key = USR.str().str();
  const auto *Method = dyn_cast<CXXMethodDecl>(D);
  bool Lambda = Method && Method->getParent()->isLambda();
  if (D->isExternallyVisible() && !Lambda)
    return Key;
  const SourceManager &SM = D->getASTContext().getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
  std::string Path = summaryPath(SM, SM.getFileID(Loc));
  if (Path.empty())
    return "";
  return Key + "@" + Path + ":" + std::to_string(SM.getFileOffset(Loc));
}

std::string summaryPath(const SourceManager &SM, FileID ID) {
  OptionalFileEntryRef File = SM.getFileEntryRefForID(ID);
  if (!File)
    return "";
  llvm::StringRef Name = File->getName();
  if (llvm::ErrorOr<std::string> Dir = SM.getFileManager()
                                           .getVirtualFileSystem()
                                           .getCurrentWorkingDirectory()) {
    llvm::StringRef Rest = Name;
    if (Rest.consume_front(*Dir) && Rest.consume_front("/") && !Rest.empty())
      return Rest.str();
  }
  return Name.str();
}

std::shared_ptr<const SummarySet> loadIndex(llvm::StringRef Path,
                                            std::string &Error) {
  std::lock_guard<std::mutex> Lock(IndexMutex);
  LoadedIndex &Slot = loadedIndexes()[Path];
  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(Path, Status)) {
    std::string Problem = "cannot read the index '" + Path.str() +
                          "': " + EC.message() +
                          "; calls into other files are not followed";
    if (Slot.Problem != Problem)
      Error = Slot.Problem = Problem;
    Slot.Index = nullptr;
    return nullptr;
  }
  if (Slot.Index && Slot.Modified == Status.getLastModificationTime() &&
      Slot.Size == Status.getSize())
    return Slot.Index;
  Slot.Modified = Status.getLastModificationTime();
  Slot.Size = Status.getSize();
  llvm::Expected<std::unique_ptr<SummarySet>> Read = SummarySet::read(Path);
  if (!Read) {
    std::string Problem = "cannot use the index '" + Path.str() +
                          "': " + llvm::toString(Read.takeError()) +
                          "; calls into other files are not followed";
    if (Slot.Problem != Problem)
      Error = Slot.Problem = Problem;
    Slot.Index = nullptr;
    return nullptr;
  }
  Slot.Problem.clear();
  Slot.Index = std::shared_ptr<const SummarySet>(std::move(*Read));
  return Slot.Index;
}

ProjectView::ProjectView(ASTContext &Ctx,
                         std::shared_ptr<const SummarySet> Index,
                         std::function<void(const FunctionSummary &)> OnStale)
    : Ctx(Ctx), Index(std::move(Index)), OnStale(std::move(OnStale)) {}

FuncRef ProjectView::follow(const FunctionDecl *F) {
  if (const FunctionDecl *Def = followable(F))
    return Def;
  if (!Index || !F || isInSystemHeader(F))
    return nullptr;
  const FunctionDecl *Canonical = F->getCanonicalDecl();
  if (auto It = Followed.find(Canonical); It != Followed.end())
    return It->second;
  std::string Key = functionKey(F);
  FuncRef Found = Key.empty() ? FuncRef() : resolve(Key);
  Followed[Canonical] = Found;
  return Found;
}

FuncRef ProjectView::resolve(llvm::StringRef Key) {
  if (!Index || Key.empty())
    return nullptr;
  if (!Local) {
    Local.emplace();
    for (const FunctionDecl *F : userFunctionDefinitions(Ctx))
      if (std::string K = functionKey(F); !K.empty())
        Local->try_emplace(K, F);
  }
  if (const FunctionDecl *F = Local->lookup(Key))
    return F;
  const FunctionSummary *S = Index->find(Key);
  Lookups[Key] = S ? S->fingerprint() : 0;
  if (!S || !fresh(*S))
    return nullptr;
  return S;
}

std::vector<FuncRef> ProjectView::passedTo(llvm::StringRef Callee,
                                           uint32_t Arg) {
  std::vector<FuncRef> Found;
  if (!Index || Callee.empty())
    return Found;
  std::string Key = SummarySet::passedKey(Callee, Arg);
  Lookups[Key] = Index->dependencyFingerprint(Key);
  for (llvm::StringRef Function : Index->passedTo(Callee, Arg))
    if (FuncRef F = resolve(Function))
      Found.push_back(F);
  return Found;
}

FileID ProjectView::fileOf(llvm::StringRef Path) {
  auto [It, New] = Files.try_emplace(Path);
  if (!New)
    return It->second;
  SourceManager &SM = Ctx.getSourceManager();
  FileManager &FM = SM.getFileManager();
  // Name a file under the working directory as the compile command would,
  // relative to it.
  llvm::StringRef Name = Path;
  if (llvm::ErrorOr<std::string> Dir =
          FM.getVirtualFileSystem().getCurrentWorkingDirectory()) {
    llvm::StringRef Rest = Path;
    if (Rest.consume_front(*Dir) && Rest.consume_front("/") && !Rest.empty())
      Name = Rest;
  }
  FileID ID;
  if (OptionalFileEntryRef File = FM.getOptionalFileRef(Name))
    ID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
  Files[Path] = ID;
  return ID;
}

bool ProjectView::fresh(const FunctionSummary &F) {
  auto [It, New] = Fresh.try_emplace(&F, false);
  if (!New)
    return It->second;
  FileID ID = fileOf(F.File);
  bool Invalid = true;
  llvm::StringRef Text;
  if (ID.isValid())
    Text = Ctx.getSourceManager().getBufferData(ID, &Invalid);
  bool IsFresh = !Invalid && F.Begin <= F.End && F.End <= Text.size() &&
                 contentHash(Text.slice(F.Begin, F.End)) == F.Hash;
  Fresh[&F] = IsFresh;
  if (!IsFresh && OnStale)
    OnStale(F);
  return IsFresh;
}

SourceLocation ProjectView::locate(const FunctionSummary &F, uint32_t Offset) {
  return locate(FilePlace{F.File, Offset});
}

SourceLocation ProjectView::locate(const FilePlace &Place) {
  if (!Place.valid())
    return SourceLocation();
  FileID ID = fileOf(Place.File);
  if (ID.isInvalid())
    return SourceLocation();
  const SourceManager &SM = Ctx.getSourceManager();
  bool Invalid = false;
  llvm::StringRef Text = SM.getBufferData(ID, &Invalid);
  if (Invalid || Place.Offset > Text.size())
    return SourceLocation();
  return SM.getLocForStartOfFile(ID).getLocWithOffset(Place.Offset);
}

} // namespace clang::tidy::daemon
