#include "journal.h"

void ingest() { startJournal(); }
