// Compiles only in the default C++ mode daemon-tidy promises.
#if __cplusplus != 201703L
#error "expected -std=c++17"
#endif
#include <thread>
void drain();
void stopWorker() {
  std::thread Worker(drain);
  Worker.detach();
  Worker.detach();
}
