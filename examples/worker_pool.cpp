// A fixed-size worker pool with a stop() that can be called twice.
//
// Hazards: stop() joins every worker, and the destructor calls stop() again
// (daemon-join-detach-misuse, across member functions); a worker moved into
// the pool is then detached through the old variable
// (daemon-join-detach-misuse); a pool destroyed without stop() terminates
// the process (daemon-unjoined-thread).
#include <functional>
#include <thread>
#include <utility>
#include <vector>

void runTasks(int Worker);

class WorkerPool {
public:
  explicit WorkerPool(int Size) {
    for (int I = 0; I < Size; ++I) {
      std::thread Worker(runTasks, I);
      Workers.push_back(std::move(Worker));
      if (I == 0)
        Worker.detach(); // meant: let the first worker run on its own
    }
  }

  void stop() {
    for (std::thread &Worker : Workers)
      Worker.join();
  }

  void restartSupervisor() {
    Supervisor.join();
    Supervisor.join();
    Supervisor = std::thread(runTasks, -1);
  }

  ~WorkerPool() { stop(); }

private:
  std::vector<std::thread> Workers;
  std::thread Supervisor;
};

int main() {
  WorkerPool Pool(4);
  Pool.stop();
  return 0;
}
