// Arrays of threads with static storage duration are destroyed at exit:
// threads still joinable in them call std::terminate.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <thread>

void sample(int Sensor);

std::thread Samplers[4];
// CHECK-NOTES: :[[@LINE-1]]:13: warning: threads in global array 'Samplers' are never joined; they are destroyed at exit while joinable, which calls std::terminate [daemon-unjoined-thread]
// CHECK-NOTES: :[[@LINE+4]]:19: note: a thread is added to 'Samplers' here

void startSamplers() {
  for (int I = 0; I < 4; ++I)
    Samplers[I] = std::thread(sample, I);
}

void startPollers() {
  static std::thread Pollers[2];
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: threads in static array 'Pollers' are never joined; they are destroyed at exit while joinable, which calls std::terminate [daemon-unjoined-thread]
  // CHECK-NOTES: :[[@LINE+2]]:9: note: a thread is added to 'Pollers' here
  for (std::thread &T : Pollers)
    T = std::thread(sample, 0);
}

// Near miss: joined through a range-for loop before exit.
std::thread Recorders[2];
void startRecorders() {
  for (std::thread &T : Recorders)
    T = std::thread(sample, 1);
}
void stopRecorders() {
  for (std::thread &T : Recorders)
    T.join();
}

// Near miss: an element is handed to code the analysis does not see.
std::thread Monitors[2];
void watch(std::thread &Monitor);
void startMonitors() {
  Monitors[0] = std::thread(sample, 2);
  watch(Monitors[0]);
}

// Near miss: never started.
std::thread Spares[3];
