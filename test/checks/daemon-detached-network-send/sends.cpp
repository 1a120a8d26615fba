// Alerts, metrics and replies sent from detached threads, against the real
// libcurl, OpenSSL and ZeroMQ headers.
// RUN: %check_daemon %s daemon-detached-network-send %t -- -std=c++17 -I%S/../../../include
// RUN: %check_daemon --front-end plugin %s daemon-detached-network-send %t -- -std=c++17 -I%S/../../../include

#include "daemon/discardable.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <future>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <zmq.h>

void postAlert(std::string Body) {
  CURL *Curl = curl_easy_init();
  curl_easy_setopt(Curl, CURLOPT_URL, "https://alerts.example/hook");
  curl_easy_setopt(Curl, CURLOPT_POSTFIELDS, Body.c_str());
  curl_easy_perform(Curl);
  curl_easy_cleanup(Curl);
}
void raiseAlert() { std::thread(postAlert, "disk full").detach(); }
// CHECK-NOTES: :[[@LINE-1]]:57: warning: detached thread running 'postAlert' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
// CHECK-NOTES: :[[@LINE-5]]:3: note: 'postAlert' sends over the network through 'curl_easy_perform' here

// A long-lived connection: one warning, however many sends.
void streamMetrics(int Port) {
  int Fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in Addr{};
  Addr.sin_family = AF_INET;
  Addr.sin_port = htons(Port);
  connect(Fd, reinterpret_cast<sockaddr *>(&Addr), sizeof Addr);
  for (;;) {
    send(Fd, "cpu=1\n", 6, 0);
    write(Fd, "mem=2\n", 6);
    sleep(1);
  }
}
void startMetrics() {
  std::thread Reporter(streamMetrics, 8125);
  Reporter.detach();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: detached thread running 'streamMetrics' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-10]]:5: note: 'streamMetrics' sends over the network through 'send' here (and 1 more network send)
}

void tlsPing(SSL *Ssl) { SSL_write(Ssl, "ping", 4); }
void *tlsRoutine(void *Ssl) {
  tlsPing(static_cast<SSL *>(Ssl));
  return nullptr;
}
void pingInBackground(SSL *Ssl) {
  pthread_t Tid;
  pthread_create(&Tid, nullptr, tlsRoutine, Ssl);
  pthread_detach(Tid);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'tlsRoutine' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-9]]:3: note: 'tlsRoutine' calls 'tlsPing'
  // CHECK-NOTES: :[[@LINE-12]]:26: note: 'tlsPing' sends over the network through 'SSL_write' here
}

void publish(void *Socket) { zmq_send(Socket, "event", 5, 0); }
void publishLater(void *Socket) { std::thread(publish, Socket).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:64: warning: detached thread running 'publish' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
// CHECK-NOTES: :[[@LINE-3]]:30: note: 'publish' sends over the network through 'zmq_send' here

// write() on a descriptor from accept() is a send.
void replyTo(int Listener) {
  int Client = accept(Listener, nullptr, nullptr);
  write(Client, "hello\n", 6);
  close(Client);
}
void serveOne(int Listener) { std::thread(replyTo, Listener).detach(); }
// CHECK-NOTES: :[[@LINE-1]]:62: warning: detached thread running 'replyTo' sends over the network; the request may never complete if the process exits first [daemon-detached-network-send]
// CHECK-NOTES: :[[@LINE-5]]:3: note: 'replyTo' sends over the network through 'write' here

// Near miss: joined.
void raiseAlertAndWait() {
  std::thread Sender(postAlert, "disk full");
  Sender.join();
}

// Near miss: the caller waits for the reply to be sent.
void replyThenSignal(int Listener, std::promise<void> Sent) {
  replyTo(Listener);
  Sent.set_value();
}
void serveOneAndWait(int Listener) {
  std::promise<void> Sent;
  std::future<void> Done = Sent.get_future();
  std::thread(replyThenSignal, Listener, std::move(Sent)).detach();
  Done.wait();
}

// Near miss: a heartbeat that may be lost.
DAEMON_DISCARDABLE void heartbeat(int Fd) { send(Fd, "beat", 4, 0); }
void startHeartbeat(int Fd) { std::thread(heartbeat, Fd).detach(); }

// Near miss: the send is on a path this thread never takes.
void report(bool Remote, int Fd) {
  if (Remote)
    send(Fd, "report", 6, 0);
}
void reportLocally() { std::thread([] { /* report(true, ...) is not called */ }).detach(); }

// Near miss: write() on a file descriptor is not a network send.
void saveLocally(int FileFd) { std::thread([FileFd] { write(FileFd, "x", 1); }).detach(); }
