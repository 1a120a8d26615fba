/* A join or detach on a path where the create that should have set the
 * handle failed: the handle holds no thread.
 * RUN: %check_daemon %s daemon-join-detach-misuse %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-join-detach-misuse %t -- -std=c11
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>

void *runModule(void *Arg);
int pollSensors(void *Arg);

void startModule(void) {
  pthread_t Module;
  if (pthread_create(&Module, NULL, runModule, NULL) != 0) {
    fprintf(stderr, "cannot start the module\n");
  }
  pthread_detach(Module);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pthread_detach' on thread 'Module', whose creation may have failed; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: thread 'Module' is not created when this call fails
}

void startSensors(void) {
  thrd_t Sensors;
  int Status = thrd_create(&Sensors, pollSensors, NULL);
  if (Status != thrd_success)
    fprintf(stderr, "cannot poll the sensors\n");
  thrd_join(Sensors, NULL);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'thrd_join' on thread 'Sensors', whose creation may have failed; the behaviour is undefined [daemon-join-detach-misuse]
  // CHECK-NOTES: :[[@LINE-5]]:16: note: thread 'Sensors' is not created when this call fails
}

void cleanUpFailedStart(void) {
  pthread_t Module;
  if (pthread_create(&Module, NULL, runModule, NULL)) {
    pthread_detach(Module);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'pthread_detach' on thread 'Module', whose creation failed; the behaviour is undefined [daemon-join-detach-misuse]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: thread 'Module' is not created when this call fails
    return;
  }
  pthread_join(Module, NULL);
}

/* Near miss: the failure path returns before the detach. */
int startModuleChecked(void) {
  pthread_t Module;
  if (pthread_create(&Module, NULL, runModule, NULL) != 0)
    return -1;
  pthread_detach(Module);
  return 0;
}

/* Near miss: the detach is on the success branch only. */
void startModuleOnSuccess(void) {
  pthread_t Module;
  if (pthread_create(&Module, NULL, runModule, NULL) == 0)
    pthread_detach(Module);
  else
    fprintf(stderr, "cannot start the module\n");
}

/* Near miss: C11 with the result checked against thrd_success. */
int startSensorsChecked(void) {
  thrd_t Sensors;
  if (thrd_create(&Sensors, pollSensors, NULL) != thrd_success)
    return -1;
  return thrd_join(Sensors, NULL);
}

/* Near miss: the status is overwritten before it is tested. */
void startModuleRetried(void) {
  pthread_t Module;
  int Status = pthread_create(&Module, NULL, runModule, NULL);
  Status = 0;
  if (Status != 0)
    fprintf(stderr, "cannot start the module\n");
  pthread_detach(Module);
}

/* Near miss: the failure branch calls a helper that exits, not declared
 * noreturn. */
void fatal(const char *Message) {
  fprintf(stderr, "%s\n", Message);
  exit(1);
}

void startModuleOrDie(void) {
  pthread_t Module;
  if (pthread_create(&Module, NULL, runModule, NULL) != 0)
    fatal("cannot start the module");
  pthread_detach(Module);
}
