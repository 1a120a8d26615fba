/* Work queues in C: a detached worker calls the function pointers that
 * other code stores into the jobs it queues.
 * RUN: %check_daemon %s daemon-detached-file-write %t -- -std=c11
 * RUN: %check_daemon --front-end plugin %s daemon-detached-file-write %t -- -std=c11
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
  void (*fn)(void *);
  void *arg;
  struct job *next;
};

static struct job *head;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void submit(void (*fn)(void *), void *arg) {
  struct job *j = malloc(sizeof *j);
  if (!j)
    return;
  j->fn = fn;
  j->arg = arg;
  pthread_mutex_lock(&lock);
  j->next = head;
  head = j;
  pthread_mutex_unlock(&lock);
}

static struct job *take(void) {
  pthread_mutex_lock(&lock);
  struct job *j = head;
  if (j)
    head = j->next;
  pthread_mutex_unlock(&lock);
  return j;
}

static void *drain(void *unused) {
  (void)unused;
  for (;;) {
    struct job *j = take();
    if (!j)
      continue;
    j->fn(j->arg);
    free(j);
  }
  return NULL;
}

static void save_report(void *path) {
  FILE *out = fopen((const char *)path, "w");
  if (!out)
    return;
  fputs("report\n", out);
  fclose(out);
}

void start_jobs(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, drain, NULL) != 0)
    return;
  pthread_detach(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'drain' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-4]]:7: note: thread created here
  // CHECK-NOTES: :[[@LINE-21]]:5: note: 'drain' calls 'save_report'
  // CHECK-NOTES: :[[@LINE-12]]:3: note: 'save_report' writes to a file through 'fputs' here (and 1 more file write)
  submit(save_report, "report.txt");
}

/* A table of tasks written with designated initialisers. */
struct task {
  const char *name;
  void (*run)(void);
};

static void flush_journal(void) {
  FILE *out = fopen("journal", "a");
  if (out) {
    fputs("flush\n", out);
    fclose(out);
  }
}

static const struct task tasks[] = {{.name = "journal", .run = flush_journal}};

static void *run_tasks(void *unused) {
  (void)unused;
  for (unsigned i = 0; i < sizeof tasks / sizeof tasks[0]; ++i)
    tasks[i].run();
  return NULL;
}

void start_tasks(void) {
  pthread_t t;
  pthread_create(&t, NULL, run_tasks, NULL);
  pthread_detach(t);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread running 'run_tasks' writes to a file; the write may be lost or left partial if the process exits first [daemon-detached-file-write]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread created here
  // CHECK-NOTES: :[[@LINE-10]]:5: note: 'run_tasks' calls 'flush_journal'
  // CHECK-NOTES: :[[@LINE-21]]:5: note: 'flush_journal' writes to a file through 'fputs' here (and 1 more file write)
}

/* Near miss: the callbacks this detached thread runs only count. */
struct tick {
  void (*on_tick)(void);
};

static int ticks;
static void count_tick(void) { ++ticks; }

static void *ticker(void *arg) {
  struct tick *t = arg;
  for (;;)
    t->on_tick();
  return NULL;
}

void start_ticker(void) {
  static struct tick t;
  t.on_tick = count_tick;
  pthread_t tid;
  pthread_create(&tid, NULL, ticker, &t);
  pthread_detach(tid);
}

/* Near miss: a joined thread drains the same jobs. */
void drain_and_wait(void) {
  pthread_t t;
  pthread_create(&t, NULL, drain, NULL);
  pthread_join(t, NULL);
}

/* Near miss: a function pointer parameter is not a stored callable. */
static void run_now(void (*fn)(void *), void *arg) { fn(arg); }
static void nothing(void *arg) { (void)arg; }

static void *runs_nothing(void *arg) {
  run_now(nothing, arg);
  return NULL;
}

void start_runs_nothing(void) {
  pthread_t t;
  pthread_create(&t, NULL, runs_nothing, NULL);
  pthread_detach(t);
  run_now(save_report, "now.txt");
}
