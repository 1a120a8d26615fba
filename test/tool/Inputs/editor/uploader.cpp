// An uploader that returns early when offline, leaving its thread joinable.
#include <thread>

void upload();
bool offline();

void sync() {
  std::thread Uploader(upload);
  if (offline())
    return;
  Uploader.join();
}
