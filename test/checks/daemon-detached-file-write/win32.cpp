// Win32 threads, with the prototypes declared here (the test only parses).
// RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs
// RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c++17 -I%S/Inputs

#include "state_store.h"
#include <cstdint>

typedef void *HANDLE;
typedef unsigned long DWORD;
typedef DWORD (*LPTHREAD_START_ROUTINE)(void *);
extern "C" {
uintptr_t _beginthread(void (*Start)(void *), unsigned Stack, void *Arg);
uintptr_t _beginthreadex(void *Security, unsigned Stack,
                         unsigned (*Start)(void *), void *Arg, unsigned Flags,
                         unsigned *Id);
HANDLE CreateThread(void *Security, unsigned long Stack,
                    LPTHREAD_START_ROUTINE Start, void *Param, DWORD Flags,
                    DWORD *Id);
int CloseHandle(HANDLE Handle);
DWORD WaitForSingleObject(HANDLE Handle, DWORD Millis);
}

void saveWindowLayout(void *) { saveState("layout.ini", "w=800"); }
DWORD saveRecent(void *) {
  saveState("recent.txt", "a.txt");
  return 0;
}
unsigned saveHistory(void *) {
  saveState("history.txt", "cmd");
  return 0;
}

void beginThread() { _beginthread(saveWindowLayout, 0, nullptr); }
// CHECK-NOTES: :[[@LINE-1]]:22: warning: detached thread running 'saveWindowLayout' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
// CHECK-NOTES: :[[@LINE-12]]:33: note: 'saveWindowLayout' calls 'saveState'
// CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)

void createThenClose() {
  HANDLE Thread = CreateThread(nullptr, 0, saveRecent, nullptr, 0, nullptr);
  CloseHandle(Thread);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'saveRecent' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:19: note: thread created here
  // CHECK-NOTES: :[[@LINE-18]]:3: note: 'saveRecent' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

void closeDirectly() {
  CloseHandle((HANDLE)_beginthreadex(nullptr, 0, saveHistory, nullptr, 0, nullptr));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'saveHistory' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-21]]:3: note: 'saveHistory' calls 'saveState'
  // CHECK-NOTES: state_store.h:8:3: note: 'saveState' writes to a file through 'fputs' here (and 1 more file write)
}

// Near miss: waited for before the handle is closed.
void createWaitClose() {
  HANDLE Thread = CreateThread(nullptr, 0, saveRecent, nullptr, 0, nullptr);
  WaitForSingleObject(Thread, 0xFFFFFFFF);
  CloseHandle(Thread);
}
