/* The one thing the shim does for cases/forced_order.h: when the program's own lock call
 * finds its mutex taken, just before the call blocks, it calls the hook the case may define,
 * racecheck_before_blocking_lock(). A case that forces a schedule by turns defines it to give
 * its turn away, so that the holder can go on: the case itself calls plain
 * pthread_mutex_lock, as a learner's program would. A program that does not define the hook
 * (its weak reference is then NULL) is not touched. */
#ifndef RACECHECK_BLOCKING_HOOK_H
#define RACECHECK_BLOCKING_HOOK_H

#include <pthread.h>
/* helgrind.h first: drd.h then defines the ANNOTATE_ macros used here as DRD understands them */
#include <valgrind/helgrind.h>

#include <valgrind/drd.h>

void racecheck_before_blocking_lock(void) __attribute__((weak));

/* The mutex is locked now: glibc's lock word, read without taking part in it. */
static inline int racecheck_mutex_taken(const pthread_mutex_t *m) {
  ANNOTATE_IGNORE_READS_BEGIN();
  int taken = __atomic_load_n(&m->__data.__lock, __ATOMIC_RELAXED) != 0;
  ANNOTATE_IGNORE_READS_END();
  return taken;
}

static inline void racecheck_call_blocking_hook(const pthread_mutex_t *m) {
  if (racecheck_before_blocking_lock && racecheck_mutex_taken(m))
    racecheck_before_blocking_lock();
}

#endif
