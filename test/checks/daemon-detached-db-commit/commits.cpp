// Orders, sessions and caches committed from detached threads, against the
// real sqlite3, libpq, MariaDB, LevelDB, RocksDB and SQLiteCpp headers
// (SQLEndTran's ODBC header is declared here; libpqxx is in pqxx.cpp).
// RUN: %check_daemon %s daemon-detached-db-commit %t -- -std=c++17 -I/usr/include/postgresql -I/usr/include/mariadb
// RUN: %check_daemon --front-end plugin %s daemon-detached-db-commit %t -- -std=c++17 -I/usr/include/postgresql -I/usr/include/mariadb

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <future>
#include <leveldb/db.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <rocksdb/db.h>
#include <sqlite3.h>
#include <string>
#include <thread>

extern "C" short SQLEndTran(short HandleType, void *Handle, short Completion);

void saveOrder(sqlite3 *Db, std::string Sql) {
  sqlite3_exec(Db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_exec(Db, Sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(Db, "COMMIT", nullptr, nullptr, nullptr);
}
void saveOrderAsync(sqlite3 *Db) {
  std::thread Writer(saveOrder, Db, "INSERT INTO orders VALUES (1)");
  Writer.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread running 'saveOrder' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-9]]:3: note: 'saveOrder' commits to a database through 'sqlite3_exec' here (and 2 more database commits)
}

void recordVisit(PGconn *Conn) { PQexec(Conn, "INSERT INTO visits DEFAULT VALUES"); }
void recordVisitAsync(PGconn *Conn) { std::thread(recordVisit, Conn).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:70: warning: detached thread running 'recordVisit' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-3]]:34: note: 'recordVisit' commits to a database through 'PQexec' here

void closeAccount(MYSQL *Conn) {
  mysql_query(Conn, "DELETE FROM accounts WHERE id = 7");
  mysql_commit(Conn);
}
void closeAccountAsync(MYSQL *Conn) { std::thread(closeAccount, Conn).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:71: warning: detached thread running 'closeAccount' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-5]]:3: note: 'closeAccount' commits to a database through 'mysql_query' here (and 1 more database commit)

void cacheSession(leveldb::DB *Db) { Db->Put(leveldb::WriteOptions(), "session", "token"); }
void cacheSessionAsync(leveldb::DB *Db) { std::thread(cacheSession, Db).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:73: warning: detached thread running 'cacheSession' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-3]]:42: note: 'cacheSession' commits to a database through 'Put' here

void indexDocument(rocksdb::DB *Db) { Db->Put(rocksdb::WriteOptions(), "doc", "body"); }
void indexDocumentAsync(rocksdb::DB *Db) { std::thread(indexDocument, Db).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:75: warning: detached thread running 'indexDocument' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-3]]:43: note: 'indexDocument' commits to a database through 'Put' here

void archive(SQLite::Database &Db) {
  SQLite::Transaction Tx(Db);
  Db.exec("INSERT INTO archive SELECT * FROM live");
  Tx.commit();
}
void archiveAsync(SQLite::Database &Db) { std::thread(archive, std::ref(Db)).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:78: warning: detached thread running 'archive' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-4]]:6: note: 'archive' commits to a database through 'commit' here

void endOdbc(void *Connection) { SQLEndTran(2, Connection, 0); }
void endOdbcAsync(void *Connection) { std::thread(endOdbc, Connection).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:72: warning: detached thread running 'endOdbc' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-3]]:34: note: 'endOdbc' commits to a database through 'SQLEndTran' here

// Near miss: joined.
void saveOrderAndWait(sqlite3 *Db) {
  std::thread Writer(saveOrder, Db, "INSERT INTO orders VALUES (2)");
  Writer.join();
}

// Near miss: the commit is signalled to a waiter.
void recordThenSignal(PGconn *Conn, std::promise<void> Done) {
  recordVisit(Conn);
  Done.set_value();
}
void recordVisitAndWait(PGconn *Conn) {
  std::promise<void> Done;
  std::future<void> Recorded = Done.get_future();
  std::thread(recordThenSignal, Conn, std::move(Done)).detach();
  Recorded.wait();
}

// Near miss: reading is not committing.
void countOrders(sqlite3 *Db) {
  sqlite3_stmt *Stmt = nullptr;
  sqlite3_prepare_v2(Db, "SELECT count(*) FROM orders", -1, &Stmt, nullptr);
  sqlite3_finalize(Stmt);
}
void countOrdersAsync(sqlite3 *Db) { std::thread(countOrders, Db).detach(); }
