#include "server.h"
#include <thread>

void fireAndForget(void (*Task)()) { std::thread(Task).detach(); }
