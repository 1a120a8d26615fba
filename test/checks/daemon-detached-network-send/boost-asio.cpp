// A metrics reporter that pushes over Boost.Asio from detached threads.
// RUN: %check_daemon %s daemon-detached-network-send %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-detached-network-send %t -- -std=c++17

#include <boost/asio.hpp>
#include <string>
#include <thread>

namespace asio = boost::asio;
using asio::ip::tcp;

void pushMetrics(std::string Host) {
  asio::io_context Io;
  tcp::socket Socket(Io);
  Socket.connect({asio::ip::make_address(Host), 9000});
  asio::write(Socket, asio::buffer(std::string("cpu 0.5\n")));
}

void sendRaw(tcp::socket &Socket) { Socket.send(asio::buffer("ping", 4)); }

void pingLoop(tcp::socket *Socket) {
  for (;;)
    sendRaw(*Socket);
}

void start(tcp::socket &Shared) {
  std::thread(pushMetrics, "10.0.0.1").detach();
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: detached thread running 'pushMetrics' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
  // CHECK-NOTES: :[[@LINE-13]]:3: note: 'pushMetrics' sends over the network through 'write' here
  std::thread(pingLoop, &Shared).detach();
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: detached thread running 'pingLoop' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
  // CHECK-NOTES: :[[@LINE-9]]:5: note: 'pingLoop' calls 'sendRaw'
  // CHECK-NOTES: :[[@LINE-14]]:44: note: 'sendRaw' sends over the network through 'send' here
}

// Near misses: joined, and a thread that only resolves names.
void startJoined() {
  std::thread T(pushMetrics, "10.0.0.2");
  T.join();
}

void resolveOnly() {
  asio::io_context Io;
  tcp::resolver Resolver(Io);
  Resolver.resolve("example.com", "80");
}

void startResolver() { std::thread(resolveOnly).detach(); }
