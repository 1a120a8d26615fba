#include "stop_worker.h"

void shutdownClient() { drainOnce(); }
