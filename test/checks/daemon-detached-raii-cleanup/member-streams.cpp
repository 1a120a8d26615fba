// Classes that hold a FILE * member (member_streams.h, shared with the
// file-write tests): a destructor that closes a stream its class opens
// read-only everywhere relies on nothing.
// RUN: %check_daemon %s daemon-detached-raii-cleanup %t -- -std=c++17 -I%S/../daemon-detached-file-write/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-raii-cleanup %t -- -std=c++17 -I%S/../daemon-detached-file-write/Inputs

#include "member_streams.h"
#include <thread>

// Near miss: read-only wherever the class opens it.
void readConfigInBackground() {
  std::thread([] {
    ConfigReader Reader("app.conf");
    Reader.next();
  }).detach();
}

void journalInBackground() {
  std::thread([] {
    JournalWriter Journal("journal.log");
    Journal.add("started");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at member-streams.cpp:19 relies on the destructor of 'Journal', which does not run if the process exits first [daemon-detached-raii-cleanup]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:19: note: the lambda at member-streams.cpp:19 would run '~JournalWriter' here when 'Journal' goes out of scope
}

void reopenInBackground() {
  std::thread([] {
    Reopenable Stream("data.bin");
    Stream.reopen("data.bin", "r+");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at member-streams.cpp:29 relies on the destructor of 'Stream', which does not run if the process exits first [daemon-detached-raii-cleanup]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:16: note: the lambda at member-streams.cpp:29 would run '~Reopenable' here when 'Stream' goes out of scope
}

void openInBackground() {
  std::thread([] {
    OpenFile Input;
    Input.File = std::fopen("input.txt", "r");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at member-streams.cpp:39 relies on the destructor of 'Input', which does not run if the process exits first [daemon-detached-raii-cleanup]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:14: note: the lambda at member-streams.cpp:39 would run '~OpenFile' here when 'Input' goes out of scope
}
