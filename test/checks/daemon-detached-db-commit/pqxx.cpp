// libpqxx transactions committed from a detached thread. Debian's libpqxx
// headers need libstdc++ (they use std::char_traits<unsigned char>, which
// libc++ does not provide).
// REQUIRES: libstdc++
// RUN: %check_daemon %s daemon-detached-db-commit %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-db-commit %t -- -std=c++17

#include <functional>
#include <pqxx/pqxx>
#include <thread>

void settle(pqxx::connection &Conn) {
  pqxx::work Tx(Conn);
  Tx.exec("UPDATE ledger SET settled = true");
  Tx.commit();
}
void settleAsync(pqxx::connection &Conn) { std::thread(settle, std::ref(Conn)).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:80: warning: detached thread running 'settle' commits to a database; the transaction may be lost if the process exits first [daemon-detached-db-commit]
// CHECK-NOTES: :[[@LINE-4]]:6: note: 'settle' commits to a database through 'commit' here


// Near miss: the transaction is only read.
void audit(pqxx::connection &Conn) {
  pqxx::read_transaction Tx(Conn);
  Tx.exec("SELECT count(*) FROM ledger");
}
void auditAsync(pqxx::connection &Conn) { std::thread(audit, std::ref(Conn)).detach(); }
