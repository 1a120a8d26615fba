// A terminal note-taking application on ncurses: the UI thread owns the
// screen and the key loop; a pool of worker threads runs full-text searches
// and imports off the UI thread and posts results back through a queue; a
// detached autosave thread writes the open notes to disk every few seconds;
// a detached update checker asks a server over TCP whether a new version
// exists; a spell checker thread is started and joined when the user leaves.
//
// Written for bench/run.py as a real-code input: the kind of translation
// unit a user runs daemon-tidy on, with the thread density of such code.
// What daemon-tidy reports here is real: the last autosave can be cut off
// when the user quits, and the update request may never complete.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <curses.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

namespace notes {

struct Note {
  std::string Title;
  std::string Body;
  std::chrono::system_clock::time_point Modified;
  bool Dirty = false;
};

// Everything the UI shows; guarded by Mutex, read by the autosave thread.
class Notebook {
public:
  explicit Notebook(std::string Path) : Path(std::move(Path)) {}

  bool load() {
    std::ifstream In(Path);
    if (!In)
      return false;
    std::string Line;
    Note Current;
    bool InNote = false;
    while (std::getline(In, Line)) {
      if (Line.rfind("# ", 0) == 0) {
        if (InNote)
          Notes.push_back(Current);
        Current = Note{Line.substr(2), "", std::chrono::system_clock::now()};
        InNote = true;
      } else if (InNote) {
        Current.Body += Line;
        Current.Body += '\n';
      }
    }
    if (InNote)
      Notes.push_back(Current);
    return true;
  }

  // Writes every note; called by the autosave thread.
  void save() {
    std::vector<Note> Copy;
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Copy = Notes;
      for (Note &N : Notes)
        N.Dirty = false;
    }
    std::ofstream Out(Path + ".tmp", std::ios::trunc);
    for (const Note &N : Copy)
      Out << "# " << N.Title << '\n' << N.Body;
    Out.close();
    std::rename((Path + ".tmp").c_str(), Path.c_str());
  }

  bool dirty() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    return std::any_of(Notes.begin(), Notes.end(),
                       [](const Note &N) { return N.Dirty; });
  }

  void add(std::string Title) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Notes.push_back(Note{std::move(Title), "", std::chrono::system_clock::now(),
                         true});
  }

  void append(size_t Index, char C) {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Index >= Notes.size())
      return;
    Notes[Index].Body.push_back(C);
    Notes[Index].Dirty = true;
    Notes[Index].Modified = std::chrono::system_clock::now();
  }

  void erase(size_t Index) {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Index < Notes.size())
      Notes.erase(Notes.begin() + static_cast<long>(Index));
  }

  std::vector<Note> snapshot() const {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Notes;
  }

private:
  std::string Path;
  mutable std::mutex Mutex;
  std::vector<Note> Notes;
};

// A result posted by a worker for the UI thread to show.
struct Message {
  enum Kind { SearchHits, ImportDone, Status } What;
  std::string Text;
  std::vector<size_t> Hits;
};

class Mailbox {
public:
  void post(Message M) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Queue.push_back(std::move(M));
  }
  std::optional<Message> poll() {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Queue.empty())
      return std::nullopt;
    Message M = std::move(Queue.front());
    Queue.pop_front();
    return M;
  }

private:
  std::mutex Mutex;
  std::deque<Message> Queue;
};

// A fixed pool of workers; stop() joins them all.
class WorkerPool {
public:
  explicit WorkerPool(unsigned Count) {
    for (unsigned I = 0; I < Count; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~WorkerPool() { stop(); }

  void submit(std::function<void()> Job) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Jobs.push_back(std::move(Job));
    }
    Ready.notify_one();
  }

  void stop() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      if (Stopping)
        return;
      Stopping = true;
    }
    Ready.notify_all();
    for (std::thread &W : Workers)
      if (W.joinable())
        W.join();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Job;
      {
        std::unique_lock<std::mutex> Lock(Mutex);
        Ready.wait(Lock, [this] { return Stopping || !Jobs.empty(); });
        if (Stopping && Jobs.empty())
          return;
        Job = std::move(Jobs.front());
        Jobs.pop_front();
      }
      Job();
    }
  }

  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<std::function<void()>> Jobs;
  std::vector<std::thread> Workers;
  bool Stopping = false;
};

static std::vector<size_t> search(const std::vector<Note> &Notes,
                                  const std::string &Needle) {
  std::vector<size_t> Hits;
  std::string Lower = Needle;
  std::transform(Lower.begin(), Lower.end(), Lower.begin(),
                 [](unsigned char C) { return std::tolower(C); });
  for (size_t I = 0; I < Notes.size(); ++I) {
    std::string Text = Notes[I].Title + "\n" + Notes[I].Body;
    std::transform(Text.begin(), Text.end(), Text.begin(),
                   [](unsigned char C) { return std::tolower(C); });
    if (Text.find(Lower) != std::string::npos)
      Hits.push_back(I);
  }
  return Hits;
}

static void importFile(Notebook &Book, const std::string &File, Mailbox &Box) {
  std::ifstream In(File);
  std::string Line;
  unsigned Count = 0;
  while (std::getline(In, Line))
    if (!Line.empty()) {
      Book.add(Line);
      ++Count;
    }
  Box.post({Message::ImportDone, std::to_string(Count) + " notes imported", {}});
}

// Asks the update server whether a newer version exists.
static void checkForUpdate(const char *Host) {
  addrinfo Hints{};
  Hints.ai_socktype = SOCK_STREAM;
  addrinfo *Found = nullptr;
  if (getaddrinfo(Host, "80", &Hints, &Found) != 0)
    return;
  int Socket = ::socket(Found->ai_family, Found->ai_socktype, 0);
  if (Socket >= 0 && ::connect(Socket, Found->ai_addr, Found->ai_addrlen) == 0) {
    const char Request[] = "GET /notes/latest HTTP/1.0\r\n\r\n";
    ::send(Socket, Request, sizeof(Request) - 1, 0);
    char Reply[256];
    ::recv(Socket, Reply, sizeof(Reply), 0);
  }
  if (Socket >= 0)
    ::close(Socket);
  freeaddrinfo(Found);
}

class Screen {
public:
  Screen() {
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    timeout(100);
  }
  ~Screen() { endwin(); }

  void draw(const std::vector<Note> &Notes, size_t Selected,
            const std::string &Status, const std::vector<size_t> &Hits) {
    erase();
    int Rows = LINES, Cols = COLS;
    int ListWidth = std::max(10, Cols / 3);
    for (size_t I = 0; I < Notes.size() && static_cast<int>(I) < Rows - 2; ++I) {
      bool Hit = std::find(Hits.begin(), Hits.end(), I) != Hits.end();
      if (I == Selected)
        attron(A_REVERSE);
      if (Hit)
        attron(A_BOLD);
      mvaddnstr(static_cast<int>(I), 0, Notes[I].Title.c_str(), ListWidth - 1);
      attroff(A_REVERSE | A_BOLD);
    }
    if (Selected < Notes.size()) {
      std::istringstream Body(Notes[Selected].Body);
      std::string Line;
      int Row = 0;
      while (std::getline(Body, Line) && Row < Rows - 2)
        mvaddnstr(Row++, ListWidth + 1, Line.c_str(), Cols - ListWidth - 2);
    }
    mvhline(Rows - 2, 0, ACS_HLINE, Cols);
    mvaddnstr(Rows - 1, 0, Status.c_str(), Cols - 1);
    refresh();
  }

  std::string prompt(const char *Label) {
    echo();
    timeout(-1);
    mvaddstr(LINES - 1, 0, Label);
    clrtoeol();
    char Buffer[128] = {};
    getnstr(Buffer, sizeof(Buffer) - 1);
    noecho();
    timeout(100);
    return Buffer;
  }
};

} // namespace notes

int main(int Argc, char **Argv) {
  using namespace notes;
  std::string Path = Argc > 1 ? Argv[1] : "notes.md";
  Notebook Book(Path);
  Book.load();
  Mailbox Box;
  WorkerPool Pool(std::max(2u, std::thread::hardware_concurrency()));
  std::atomic<bool> Quit{false};

  // Autosave: writes the notebook every five seconds while it is dirty.
  std::thread([&Book, &Quit] {
    while (!Quit.load()) {
      std::this_thread::sleep_for(std::chrono::seconds(5));
      if (Book.dirty())
        Book.save();
    }
  }).detach();

  // The update check must not delay start-up.
  std::thread(checkForUpdate, "updates.example.org").detach();

  // Spell checking runs beside the UI and is joined at the end.
  std::thread Spelling([&Book, &Quit, &Box] {
    while (!Quit.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      size_t Words = 0;
      for (const Note &N : Book.snapshot())
        Words += static_cast<size_t>(
            std::count(N.Body.begin(), N.Body.end(), ' '));
      Box.post({Message::Status, std::to_string(Words) + " words", {}});
    }
  });

  Screen Ui;
  size_t Selected = 0;
  std::string Status = "q quit  n new  / search  i import  d delete";
  std::vector<size_t> Hits;
  while (!Quit.load()) {
    while (std::optional<Message> M = Box.poll()) {
      if (M->What == Message::SearchHits)
        Hits = M->Hits;
      Status = M->Text;
    }
    std::vector<Note> Notes = Book.snapshot();
    Ui.draw(Notes, Selected, Status, Hits);
    int Key = getch();
    switch (Key) {
    case ERR:
      break;
    case 'q':
      Quit = true;
      break;
    case KEY_UP:
      if (Selected > 0)
        --Selected;
      break;
    case KEY_DOWN:
      if (Selected + 1 < Notes.size())
        ++Selected;
      break;
    case 'n':
      Book.add(Ui.prompt("title: "));
      break;
    case 'd':
      Book.erase(Selected);
      break;
    case '/': {
      std::string Needle = Ui.prompt("search: ");
      Pool.submit([Notes, Needle, &Box] {
        std::vector<size_t> Found = search(Notes, Needle);
        Box.post({Message::SearchHits,
                  std::to_string(Found.size()) + " matches", Found});
      });
      break;
    }
    case 'i': {
      std::string File = Ui.prompt("import from: ");
      Pool.submit([&Book, File, &Box] { importFile(Book, File, Box); });
      break;
    }
    default:
      if (Key > 0 && Key < 128 && std::isprint(Key))
        Book.append(Selected, static_cast<char>(Key));
    }
  }
  Spelling.join();
  Pool.stop();
  return 0;
}
