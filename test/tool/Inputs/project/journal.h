// The journal both services include: its flusher writes on a detached
// thread, a warning that belongs to this header, not to either service.
#include <cstdio>
#include <thread>

inline void flushJournal() {
  std::FILE *Out = std::fopen("journal.log", "a");
  std::fputs("entry\n", Out);
  std::fclose(Out);
}

inline void startJournal() { std::thread(flushJournal).detach(); }
