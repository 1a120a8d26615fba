// Detached threads that do I/O which is not a file write.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

void readConfig() {
  std::ifstream In("config.ini");
  std::string Line;
  std::getline(In, Line);
  std::FILE *F = std::fopen("config.ini", "r");
  if (F)
    std::fclose(F);
}

void printProgress() {
  std::printf("progress\n");
  std::fprintf(stderr, "still working\n");
  std::fflush(stdout);
  std::cout << "done" << std::endl;
  write(1, "x", 1);
  write(STDERR_FILENO, "y", 1);
}

void talkToChild() {
  std::FILE *Pipe = popen("sort", "w");
  std::fputs("b\na\n", Pipe);
}

void sendOverSocket() {
  int Fd = socket(AF_INET, SOCK_STREAM, 0);
  write(Fd, "ping", 4);
}

void detachAll() {
  std::thread(readConfig).detach();
  std::thread(printProgress).detach();
  std::thread(talkToChild).detach();
  std::thread(sendOverSocket).detach();
}
