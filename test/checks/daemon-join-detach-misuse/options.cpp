// With RemoveRepeatedCalls off the warning stays and no fix is offered.
// RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c++17
// RUN: %daemon-tidy --checks='-*,daemon-join-detach-misuse' \
// RUN:   --config="{CheckOptions: {daemon-join-detach-misuse.RemoveRepeatedCalls: false}}" \
// RUN:   --export-fixes=%t.yaml %s -- -std=c++17 %stdlib-flags | FileCheck %s --check-prefix=NOFIX --implicit-check-not="{{warning|error}}:"
// RUN: FileCheck %s --check-prefix=YAML --input-file=%t.yaml

#include <thread>

void compact();

void compactTwice() {
  std::thread Compactor(compact);
  Compactor.join();
  Compactor.join();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'join' on thread 'Compactor', which was already joined; this throws 'std::system_error' [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-3]]:13: note: thread 'Compactor' joined here
  // CHECK-FIXES: {{^}}  Compactor.join();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
  // NOFIX: :[[@LINE-5]]:13: warning: 'join' on thread 'Compactor', which was already joined
  // YAML: DiagnosticName: daemon-join-detach-misuse
  // YAML-NOT: ReplacementText
}
