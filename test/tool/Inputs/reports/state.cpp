// A service that saves its state on a detached thread at shutdown.
#include <cstdio>
#include <thread>

static void saveState(const char *Path) {
  std::FILE *Out = std::fopen(Path, "w");
  std::fputs("state", Out);
  std::fclose(Out);
}
void checkpoint() { saveState("checkpoint.bin"); }

void onShutdownRequested() {
  std::thread Saver(checkpoint);
  Saver.detach();
}

void stopWorker() {
  std::thread Worker(checkpoint);
  Worker.join();
  Worker.join();
}
