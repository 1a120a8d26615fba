//===-- ProjectRunner.cpp - every file of a compilation database ----------===//

#include "ProjectRunner.h"
#include "TuResults.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <mutex>
#include <thread>

namespace clang::tidy::daemon {
namespace {

/// The progress line on a terminal: files done of all, the phase, seconds
/// elapsed and the file last started. Other output clears it first.
class Progress {
public:
  Progress(size_t Total, bool Enabled, llvm::StringRef Phase)
      : Total(Total), Enabled(Enabled), Phase(Phase) {}

  void started(llvm::StringRef File) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Current = File.str();
    draw();
  }

  void finished() {
    std::lock_guard<std::mutex> Lock(Mutex);
    ++Done;
    draw();
  }

  /// Prints \p Line as an error, keeping the progress line below it.
  void error(const llvm::Twine &Line) {
    std::lock_guard<std::mutex> Lock(Mutex);
    clear();
    printError(Line);
    draw();
  }

  ~Progress() { clear(); }

private:
  void clear() {
    if (Enabled)
      llvm::errs() << "\r\x1b[K";
  }

  void draw() {
    if (!Enabled)
      return;
    auto Elapsed = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - Start);
    clear();
    llvm::errs() << "[" << Done << "/" << Total << "] " << Phase << " "
                 << Elapsed.count() << "s " << Current;
    llvm::errs().flush();
  }

  std::mutex Mutex;
  size_t Total;
  size_t Done = 0;
  bool Enabled;
  std::string Phase;
  std::string Current;
  std::chrono::steady_clock::time_point Start =
      std::chrono::steady_clock::now();
};

/// Reports \p Line about \p File, naming the file once: the child's own
/// lines may name it already.
void reportAbout(llvm::StringRef File, llvm::StringRef Line, Progress &Report) {
  if (Line.contains(File))
    Report.error(Line);
  else
    Report.error("'" + File + "': " + Line);
}

/// Takes a child's results: a compile command clang rejects (an unknown
/// argument) is bad input, exit code 2, and compile errors give 1; each
/// gets one line naming the file.
void takeResults(llvm::StringRef File, TuResults Results, ChildResult &Result,
                 Progress &Report) {
  for (const std::string &Message : takeCommandErrors(Results.Errors)) {
    reportAbout(File, Message, Report);
    Result.Failure = ExitUsage;
  }
  if (Result.Failure == ExitClean &&
      llvm::any_of(Results.Errors, isCompileError)) {
    Report.error("'" + File +
                 "' has compile errors; its analysis may be incomplete");
    Result.Failure = ExitFindings;
  }
  Result.Errors = std::move(Results.Errors);
  Result.SuppressedByNolint = Results.SuppressedByNolint;
}

ChildResult runChild(const ChildJob &Job, const ProjectRun &Run,
                     Progress &Report) {
  ChildResult Result;
  llvm::StringRef File = Job.File;
  llvm::SmallString<128> ResultsPath(Job.ResultsPath), StderrPath;
  if ((ResultsPath.empty() && llvm::sys::fs::createTemporaryFile(
                                  "daemon-tidy", "yaml", ResultsPath)) ||
      llvm::sys::fs::createTemporaryFile("daemon-tidy", "err", StderrPath)) {
    Report.error("cannot create a temporary file for '" + File + "'");
    Result.Failure = ExitInternal;
    return Result;
  }
  std::string ResultsArg =
      ("--" + llvm::Twine(ChildResultsOption) + "=" + ResultsPath).str();
  std::vector<llvm::StringRef> Args = {Run.Executable};
  Args.insert(Args.end(), Run.ChildArgs.begin(), Run.ChildArgs.end());
  Args.insert(Args.end(), Job.ExtraArgs.begin(), Job.ExtraArgs.end());
  Args.push_back(ResultsArg);
  Args.push_back(File);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(StderrPath)};
  int Code =
      llvm::sys::ExecuteAndWait(Run.Executable, Args, std::nullopt, Redirects);

  if (Code == ExitClean) {
    if (std::optional<TuResults> Results = readTuResults(ResultsPath))
      takeResults(File, std::move(*Results), Result, Report);
    else
      Code = ExitInternal;
  }
  if (Code == ExitUsage) {
    // The child's own one-line errors, naming the file they are about.
    auto Stderr = llvm::MemoryBuffer::getFile(StderrPath);
    llvm::StringRef Text = Stderr ? (*Stderr)->getBuffer() : "";
    for (llvm::StringRef Line : llvm::split(Text, '\n'))
      if (Line.consume_front("daemon-tidy: error: "))
        reportAbout(File, Line, Report);
    Result.Failure = ExitUsage;
  } else if (Code != ExitClean) {
    Report.error("internal error while analysing '" + File +
                 "'; please report it with that file");
    Result.Failure = ExitInternal;
  }
  if (Job.ResultsPath.empty() || Result.Failure != ExitClean)
    llvm::sys::fs::remove(ResultsPath);
  llvm::sys::fs::remove(StderrPath);
  return Result;
}

} // namespace

std::vector<ChildResult> runChildren(llvm::ArrayRef<ChildJob> Jobs,
                                     const ProjectRun &Run,
                                     llvm::StringRef Phase) {
  std::vector<ChildResult> PerFile(Jobs.size());
  Progress Report(Jobs.size(), Run.ShowProgress, Phase);
  std::mutex NextMutex;
  size_t Next = 0;
  auto Worker = [&] {
    while (true) {
      size_t I;
      {
        std::lock_guard<std::mutex> Lock(NextMutex);
        if (Next == Jobs.size())
          return;
        I = Next++;
      }
      Report.started(Jobs[I].File);
      PerFile[I] = runChild(Jobs[I], Run, Report);
      Report.finished();
    }
  };
  std::vector<std::thread> Workers;
  for (unsigned J = 0; J < std::max(1u, Run.Jobs); ++J)
    Workers.emplace_back(Worker);
  for (std::thread &W : Workers)
    W.join();
  return PerFile;
}

ProjectResults runProject(llvm::ArrayRef<std::string> Files,
                          const ProjectRun &Run) {
  std::vector<ChildJob> Jobs;
  for (const std::string &File : Files)
    Jobs.push_back({File, {}, ""});
  ProjectResults Results;
  for (ChildResult &R : runChildren(Jobs, Run, "analysing")) {
    std::move(R.Errors.begin(), R.Errors.end(),
              std::back_inserter(Results.Errors));
    Results.Failure = std::max(Results.Failure, R.Failure);
    Results.SuppressedByNolint += R.SuppressedByNolint;
    Results.FailedFiles += R.Failure != ExitClean;
  }
  return Results;
}

} // namespace clang::tidy::daemon
