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
 * memory, and a flag polled next to the racy variable would push the first write out. For
 * the same reason a case keeps two racy variables out of one 8 bytes: TSan's first report
 * on those 8 bytes clears what it remembers of them, and the second race goes unreported.
 * Turns, for a story told step by step: a relaxed counter, in 64 bytes of its own, says
 * whose turn it is (wait_turn, then next_turn()); like a step, it orders the steps in
 * time but creates no happens-before, so what is racy stays racy in TSan's eyes.
 *
 * The fixed twin must run the racy twin's schedule with a lock added, and it cannot follow
 * it exactly: a thread whose turn comes while another holds the key would wait forever for
 * the key, and the holder forever for the next turn. So a thread that finds the key gone
 * gives its turn away, then blocks. It does so without a word in the case: the shim linked
 * into every case wraps pthread_mutex_lock, and when the mutex is taken it calls
 * racecheck_before_blocking_lock(), defined below, just before the call blocks
 * (shim/blocking_hook.h). The fixed twin calls plain pthread_mutex_lock, which is the fix a
 * learner copies. That extra turn shifts the rest of the schedule, which is why wait_turn(k)
 * waits until the counter is at least k, not exactly k. In the bank case:
 *   racy:  A reads (turn 0 -> 1), B reads (1 -> 2), A writes (>= 2 -> 3), B writes (>= 3 -> 4)
 *   fixed: A locks and reads (0 -> 1); B finds the key gone, passes (1 -> 2) and blocks;
 *          A writes (>= 2 -> 3) and unlocks; B gets the key, reads 90 (3 -> 4), and writes
 *          at >= 3, which has already come (4 -> 5).
 *
 * Built with -DRACECHECK_UNFORCED (racecheck try's stress runs), nothing waits: the threads
 * run as the scheduler lets them, and a fix must hold on every interleaving, not one. */
#ifndef FORCED_ORDER_H
#define FORCED_ORDER_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

struct step {
  _Alignas(64) atomic_int done;
};

/* The compiler may shrink a static step to the 4 bytes it uses (clang's global optimizer
 * does, keeping only its alignment), and then lay the next variable in its 64: handing the
 * step's address to an empty asm keeps it whole, at no cost. */
static inline void keep_whole(const void *object) {
  __asm__ volatile("" : : "r"(object) : "memory");
}

static inline void step_done(struct step *step) {
  keep_whole(step);
  atomic_store_explicit(&step->done, 1, memory_order_relaxed);
}

#ifdef RACECHECK_UNFORCED
#define RACECHECK_FORCED 0
#else
#define RACECHECK_FORCED 1
#endif

static inline void wait_for_step(struct step *step) {
  keep_whole(step);
  while (RACECHECK_FORCED && !atomic_load_explicit(&step->done, memory_order_relaxed))
    sched_yield();
}

/* Waits until each of n steps is done. */
static inline void wait_for_steps(struct step *steps, int n) {
  for (int i = 0; i < n; i++)
    wait_for_step(&steps[i]);
}

/* A thread that nobody joins, as the kernel knows it: it must have ended for TSan to call
 * it leaked, and a join would order what the lesson shows unordered. The thread notes its
 * id when it begins; its entry in /proc goes once it has ended. Neither orders anything. */
struct thread_end {
  _Alignas(64) atomic_long tid;
};

long syscall(long number, ...); /* <unistd.h> declares it only with _DEFAULT_SOURCE */

static inline void thread_begins(struct thread_end *end) {
  keep_whole(end);
  atomic_store_explicit(&end->tid, syscall(SYS_gettid), memory_order_relaxed);
}

static inline void wait_for_thread_end(struct thread_end *end) {
  keep_whole(end);
  long tid = 0;
  while (RACECHECK_FORCED && !(tid = atomic_load_explicit(&end->tid, memory_order_relaxed)))
    sched_yield();
  char task[64];
  snprintf(task, sizeof task, "/proc/self/task/%ld", tid);
  while (RACECHECK_FORCED && access(task, F_OK) == 0)
    sched_yield();
}

struct turn_counter {
  _Alignas(64) atomic_int now;
};

static struct turn_counter turn;

/* The turn it is now. */
static inline int current_turn(void) {
  keep_whole(&turn);
  return atomic_load_explicit(&turn.now, memory_order_relaxed);
}

/* Waits until turn k has come (or gone: see above). */
static inline void wait_turn(int k) {
  while (RACECHECK_FORCED && current_turn() < k)
    sched_yield();
}

static inline void next_turn(void) {
  keep_whole(&turn);
  atomic_fetch_add_explicit(&turn.now, 1, memory_order_relaxed);
}

/* Called by the shim when this program's pthread_mutex_lock finds the mutex taken, just
 * before it blocks: the turn passes on, so that the holder can go on. The hook is a function
 * of the case's own, so it is defined here once: each case is one file. */
void racecheck_before_blocking_lock(void);
void racecheck_before_blocking_lock(void) {
  next_turn();
}

#endif
