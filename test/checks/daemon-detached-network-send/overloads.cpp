// A program's own functions named like the socket APIs are not network
// sends.
// RUN: %check_daemon %s daemon-detached-network-send %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-network-send %t -- -std=c++17

#include <deque>
#include <string>
#include <sys/socket.h>
#include <thread>

struct Outbox {
  std::deque<std::string> Messages;
};

void send(Outbox &Box, const std::string &Message) {
  Box.Messages.push_back(Message);
}
int sendto(Outbox &Box, int Peer) { return static_cast<int>(Box.Messages.size()) + Peer; }
void write(Outbox &Box) { Box.Messages.clear(); }

void queueInBackground(Outbox &Box) {
  std::thread([&Box] {
    send(Box, "hello");
    sendto(Box, 3);
    write(Box);
  }).detach();
}

// The real one still counts.
void pingInBackground(int Socket) {
  std::thread([Socket] { ::send(Socket, "ping", 4, 0); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:59: warning: detached thread running the lambda at overloads.cpp:31 sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
  // CHECK-NOTES: :[[@LINE-2]]:26: note: the lambda at overloads.cpp:31 sends over the network through 'send' here
}
