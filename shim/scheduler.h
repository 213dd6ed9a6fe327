/* The lesson's schedule, imposed from outside the program (shim/scheduler.c): what the other
 * parts of the shim tell the scheduler. Every function returns at once when no schedule was
 * given, or once the scheduler has let go (a deadlock, or a child process). */
#ifndef RACECHECK_SCHEDULER_H
#define RACECHECK_SCHEDULER_H

#include <stdint.h>

/* Whether a schedule rules this run now: a relaxed load, the cost of a run without one. */
int racecheck_sched_on(void);

/* Thread creation order: the creator reserves the new thread's place before creating it
 * (a point that never hands over: the creator goes on until it blocks), and the new thread
 * takes it up before its start function runs, once it is its turn. */
int racecheck_sched_thread_reserved(void);
void racecheck_sched_thread_starts(int slot);
/* The creation failed: the slot's thread will never run. */
void racecheck_sched_thread_failed(int slot);
void racecheck_sched_thread_ends(void);

/* A call the shim wraps, by its name, before the program's call goes on. */
void racecheck_sched_call(const char *call);
/* Before a call that would block while `object` is taken by another thread: waits, letting
 * the others run, until taken(object) is false. `object` also names what a release wakes. */
void racecheck_sched_wait_until_free(const void *object, int (*taken)(const void *object));
/* Another thread may now have what it waited for on `object` (an unlock, a post). */
void racecheck_sched_released(const void *object);
/* A condition wait, the mutex just given back: returns 1 once signalled, 0 if the scheduler
 * let go first (or there is no schedule). */
int racecheck_sched_cond_wait(const void *cond, const void *mutex);
/* A signal wakes the longest waiter on cond, a broadcast all of them. */
void racecheck_sched_cond_signal(const void *cond, int all);
/* A join waits until the thread has ended. */
void racecheck_sched_join(unsigned long thread);
/* An instrumented access to [racecheck_sched_lo, racecheck_sched_hi), the bytes the
 * schedule's variables span (both 0 without a schedule): a point if it names the variable. */
extern uintptr_t racecheck_sched_lo, racecheck_sched_hi;
void racecheck_sched_access(const void *addr);
/* An atomic access there: while exploring, the only accesses that are points (a plain
 * access that two threads make unordered is a race TSan reports under any schedule; one
 * they make in order, the order's calls decide). */
void racecheck_sched_atomic_access(const void *addr);
static inline int racecheck_sched_watches(const void *addr) {
  return (uintptr_t)addr - racecheck_sched_lo < racecheck_sched_hi - racecheck_sched_lo;
}
/* A sleep, a yield, a failed try: the others go first. */
void racecheck_sched_yield(void);
/* Before a call that blocks in the kernel until fd is ready for events (POLLIN, POLLOUT): a
 * read, write, recv, send or accept. Returns at once if it is ready, or will not block. */
void racecheck_sched_io_fd(int fd, short events);
/* Before poll(fds, n, timeout). */
struct pollfd;
void racecheck_sched_poll(const struct pollfd *fds, unsigned long n, int timeout);
/* The program's exit: main returned, or exit() was called. */
void racecheck_sched_exit(int main_returned);

#endif
