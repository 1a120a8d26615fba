#include "journal.h"

void exportAll() {
  std::thread Exporter(startJournal);
  Exporter.join();
  Exporter.join();
}
