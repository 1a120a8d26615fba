// A background writer that commits a batch to SQLite.
//
// Hazards: the commit runs on a detached thread, so the batch can be lost
// when the process exits (daemon-detached-db-commit), and the thread is
// detached twice on the retry path (daemon-join-detach-misuse).
#include <string>
#include <thread>

// The parts of <sqlite3.h> this example needs.
extern "C" {
struct sqlite3;
int sqlite3_open(const char *Filename, sqlite3 **Db);
int sqlite3_exec(sqlite3 *Db, const char *Sql, int (*Callback)(void *, int, char **, char **), void *Arg, char **ErrMsg);
int sqlite3_close(sqlite3 *Db);
}

static void commitBatch(std::string Sql) {
  sqlite3 *Db = nullptr;
  if (sqlite3_open("app.db", &Db) != 0)
    return;
  sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(Db, Sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(Db);
}

void saveOrders(const std::string &Sql, bool Retry) {
  std::thread Writer(commitBatch, Sql);
  Writer.detach();
  if (Retry)
    Writer.detach();
}

int main() {
  saveOrders("INSERT INTO orders VALUES (1)", true);
  return 0;
}
