// Classes that hold a FILE * member (Inputs/member_streams.h): the
// member's origins are every assignment of it in the class's own code. A
// stream opened read-only everywhere is not written when its destructor
// closes it.
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

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
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at member-streams.cpp:20 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:19: note: the lambda at member-streams.cpp:20 calls 'JournalWriter::~JournalWriter' to destroy 'Journal'
  // CHECK-NOTES: member_streams.h:31:22: note: 'JournalWriter::~JournalWriter' writes to a file through 'fclose' here (and 1 more file write)
}

void reopenInBackground() {
  std::thread([] {
    Reopenable Stream("data.bin");
    Stream.reopen("data.bin", "r+");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at member-streams.cpp:31 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:16: note: the lambda at member-streams.cpp:31 calls 'Reopenable::~Reopenable' to destroy 'Stream'
  // CHECK-NOTES: member_streams.h:42:19: note: 'Reopenable::~Reopenable' writes to a file through 'fclose' here (and 1 more file write)
}

void openInBackground() {
  std::thread([] {
    OpenFile Input;
    Input.File = std::fopen("input.txt", "r");
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread running the lambda at member-streams.cpp:42 writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-5]]:14: note: the lambda at member-streams.cpp:42 calls 'OpenFile::~OpenFile' to destroy 'Input'
  // CHECK-NOTES: member_streams.h:54:17: note: 'OpenFile::~OpenFile' writes to a file through 'fclose' here
}
