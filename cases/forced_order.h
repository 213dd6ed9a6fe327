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
 * memory, and a flag polled next to the racy variable would push the first write out.
 *
 * Turns, for a story told step by step: one relaxed counter, also in 64 bytes of its own,
 * says whose turn it is. A thread waits for its turn, does one thing, and hands the turn
 * on with next_turn(). Like the step flag, it orders the steps in time but creates no
 * happens-before, so what is racy stays racy in TSan's eyes.
 *
 * The fixed twin must run the racy twin's schedule with a lock added, and it cannot follow
 * it exactly: a thread whose turn comes while another holds the key would wait forever for
 * the key, and the holder forever for the next turn. So lock_or_pass_turn() tries the lock
 * first; when the key is gone, the thread gives its turn away, then blocks. That extra turn
 * shifts the rest of the schedule, which is why wait_turn(k) waits until the counter is at
 * least k, not exactly k. In the bank case:
 *   racy:  A reads (turn 0 -> 1), B reads (1 -> 2), A writes (>= 2 -> 3), B writes (>= 3 -> 4)
 *   fixed: A locks and reads (0 -> 1); B finds the key gone, passes (1 -> 2) and blocks;
 *          A writes (>= 2 -> 3) and unlocks; B gets the key, reads 90 (3 -> 4), and writes
 *          at >= 3, which has already come (4 -> 5).
 *
 * Built with -DRACECHECK_UNFORCED (racecheck try's stress runs), nothing waits: the threads
 * run as the scheduler lets them, and a fix must hold on every interleaving, not one. */
#ifndef FORCED_ORDER_H
#define FORCED_ORDER_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>

struct step {
  _Alignas(64) atomic_int done;
};

static inline void step_done(struct step *step) {
  atomic_store_explicit(&step->done, 1, memory_order_relaxed);
}

#ifdef RACECHECK_UNFORCED
#define RACECHECK_FORCED 0
#else
#define RACECHECK_FORCED 1
#endif

static inline void wait_for_step(struct step *step) {
  while (RACECHECK_FORCED && !atomic_load_explicit(&step->done, memory_order_relaxed))
    sched_yield();
}

struct turn_counter {
  _Alignas(64) atomic_int now;
};

static struct turn_counter turn;

/* The turn it is now. */
static inline int current_turn(void) {
  return atomic_load_explicit(&turn.now, memory_order_relaxed);
}

/* Waits until turn k has come (or gone: see above). */
static inline void wait_turn(int k) {
  while (RACECHECK_FORCED && current_turn() < k)
    sched_yield();
}

static inline void next_turn(void) {
  atomic_fetch_add_explicit(&turn.now, 1, memory_order_relaxed);
}

#ifndef ACQUIRES /* cases/thread_safety.h says what it means to Clang's thread safety analysis */
#define ACQUIRES(mu)
#endif

/* Locks mu. If another thread holds it, first gives the turn away, so that the holder can
 * go on, then waits for the key. Returns whether it had to wait. */
static inline bool lock_or_pass_turn(pthread_mutex_t *mu) ACQUIRES(*mu);
static inline bool lock_or_pass_turn(pthread_mutex_t *mu) {
  int err = pthread_mutex_trylock(mu);
  if (err == 0)
    return false;
  if (err == EBUSY)
    next_turn();
  pthread_mutex_lock(mu);
  return true;
}

#endif
