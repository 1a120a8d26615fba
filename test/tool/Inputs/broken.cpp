#include <thread>
void stopWorker() {
  int Entry = undeclared_entry;
}
