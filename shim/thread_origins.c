/* Linked into every case, with -Wl,--wrap=pthread_create, so that racecheck can say where a
 * hung thread was created. For each new thread it records the address the program called
 * pthread_create from and the thread's kernel id; racecheck reads the table with gdb only
 * when the program hangs, and tells the lock ledger (lock_ledger.c) when each thread
 * begins and when its start function returns. It is built without -fsanitize=thread, and
 * its counter is a relaxed atomic, so the race detector sees none of it and no case
 * behaves differently. */
#define _GNU_SOURCE
#include "lock_ledger.h"
#include "scheduler.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

struct racecheck_origin {
  void *(*start)(void *);
  void *arg;
  void *created_from;
  long tid;
  int sched_slot; /* its place in the schedule's order of threads, or -1 */
  int detached;   /* created detached: nobody is to join it */
};

struct racecheck_origin racecheck_thread_origins[RACECHECK_MAX_THREADS];
atomic_int racecheck_thread_origin_count;

int __real_pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                          void *arg);
int __wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                          void *arg);

static int created_detached(const pthread_attr_t *attr) {
  int state = PTHREAD_CREATE_JOINABLE;
  return attr && pthread_attr_getdetachstate(attr, &state) == 0 && state == PTHREAD_CREATE_DETACHED;
}

static void *racecheck_thread_start(void *origin) {
  struct racecheck_origin *o = origin;
  o->tid = gettid();
  racecheck_ledger_thread_begins(o->created_from, o->detached);
  racecheck_sched_thread_starts(o->sched_slot);
  void *result = o->start(o->arg);
  racecheck_ledger_thread_returned();
  racecheck_sched_thread_ends();
  return result;
}

int __wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                          void *arg) {
  int i = atomic_fetch_add_explicit(&racecheck_thread_origin_count, 1, memory_order_relaxed);
  if (i >= RACECHECK_MAX_THREADS) {
    int rc = __real_pthread_create(thread, attr, start, arg);
    if (rc == 0)
      racecheck_ledger_thread_created();
    return rc;
  }
  struct racecheck_origin *o = &racecheck_thread_origins[i];
  o->start = start;
  o->arg = arg;
  o->created_from = __builtin_return_address(0);
  o->sched_slot = racecheck_sched_thread_reserved();
  o->detached = created_detached(attr);
  /* TSan's pthread_create names the program's own call site as its caller, so its reports
   * name each thread by the line that created it. */
  racecheck_shadow_enter((uintptr_t)o->created_from);
  int rc = __real_pthread_create(thread, attr, racecheck_thread_start, o);
  racecheck_shadow_leave();
  if (rc == 0)
    racecheck_ledger_thread_created(); /* a thread the kernel made: grading checks the count */
  else
    racecheck_sched_thread_failed(o->sched_slot);
  return rc;
}
