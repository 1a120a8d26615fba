// A joinable thread in a GoogleTest test destroyed when a fatal assertion
// returns early: the note says which assertion leaves, at its first use.
// RUN: %check_daemon %s daemon-unjoined-thread %t -- -std=c++17
// RUN: %check_daemon --front-end plugin %s daemon-unjoined-thread %t -- -std=c++17

#include <gtest/gtest.h>
#include <thread>

bool connectClient();
int pendingRequests();
void serve();

TEST(ServerTest, AcceptsClients) {
  std::thread Server(serve);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'Server' may be destroyed while joinable, which calls std::terminate [daemon-unjoined-thread]
  ASSERT_TRUE(connectClient());
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'ASSERT_TRUE' returns from the function when it fails, and 'Server' is destroyed while joinable
  ASSERT_EQ(pendingRequests(), 0);
  Server.join();
}

// Near miss: non-fatal expectations do not return.
TEST(ServerTest, CountsRequests) {
  std::thread Server(serve);
  EXPECT_TRUE(connectClient());
  EXPECT_EQ(pendingRequests(), 0);
  Server.join();
}

// Near miss: the thread is joined before the assertions.
TEST(ServerTest, StopsCleanly) {
  std::thread Server(serve);
  Server.join();
  ASSERT_TRUE(connectClient());
}
