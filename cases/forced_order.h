/* Makes a race show on every run, not just on lucky ones.
 *
 * A race detector reports two accesses that nothing orders; they need not collide. But when
 * they land at almost the same instant, ThreadSanitizer can miss them (we saw a run that
 * lost an update and printed no report). So these cases let one thread finish its step
 * before the next starts, through a relaxed atomic flag: a real wait, but not
 * synchronization, because a relaxed atomic orders nothing else. TSan knows that, so a race
 * stays a race and is reported every time. The fixed twins wait the same way, so that the
 * only difference between twins is the fix. */
#ifndef FORCED_ORDER_H
#define FORCED_ORDER_H

#include <sched.h>
#include <stdatomic.h>

static inline void step_done(atomic_int *step) {
  atomic_store_explicit(step, 1, memory_order_relaxed);
}

static inline void wait_for_step(atomic_int *step) {
  while (!atomic_load_explicit(step, memory_order_relaxed))
    sched_yield();
}

#endif
