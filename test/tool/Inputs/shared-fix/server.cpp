#include "stop_worker.h"

void shutdownServer() { drainOnce(); }
