/* Makes a race show on every run, not just on lucky ones.
 *
 * A race detector reports two accesses that nothing orders; they need not collide. But when
 * they land at almost the same instant, ThreadSanitizer can miss them (we saw a run that
 * lost an update and printed no report). So these cases let one thread finish its step
 * before the next starts, through a relaxed atomic flag: a real wait, but not
 * synchronization, because a relaxed atomic orders nothing else. TSan knows that, so a race
 * stays a race and is reported every time. The fixed twins wait the same way, so that the
 * only difference between twins is the fix.
 *
 * A step has 64 bytes to itself: TSan remembers the last few accesses to each 8 bytes of
 * memory, and a flag polled next to the racy variable would push the first write out. */
#ifndef FORCED_ORDER_H
#define FORCED_ORDER_H

#include <sched.h>
#include <stdatomic.h>

struct step {
  _Alignas(64) atomic_int done;
};

static inline void step_done(struct step *step) {
  atomic_store_explicit(&step->done, 1, memory_order_relaxed);
}

static inline void wait_for_step(struct step *step) {
  while (!atomic_load_explicit(&step->done, memory_order_relaxed))
    sched_yield();
}

#endif
