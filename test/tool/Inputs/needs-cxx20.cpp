#include <thread>
#if __cplusplus < 202002L
#error "expected C++20 from the compilation database"
#endif
void drain();
void stopWorker() {
  std::thread Worker(drain);
  Worker.join();
  Worker.join();
}
