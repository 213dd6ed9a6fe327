/* What the thread-origins wrapper tells the lock ledger: a thread begins, created from a
 * place in the program, and its start function returned. */
#ifndef RACECHECK_LOCK_LEDGER_H
#define RACECHECK_LOCK_LEDGER_H

#include <stdatomic.h>
#include <stdint.h>

/* How many threads the shim keeps a record of, over the program's life: the origins table
 * and the ledger alike (TSan allows 8128 at once). */
enum { RACECHECK_MAX_THREADS = 16384 };

/* The descriptor racecheck opens on the ledger's file before it starts the program: the
 * shim finds its channel there, not in the environment. */
enum { RACECHECK_LEDGER_FD = 1013 };
/* The symbol of the instruction after the shim's own write call, the only one a write to
 * the ledger may come from when racecheck watches the program's calls (clone_watch.h). */
#define RACECHECK_LEDGER_WRITTEN "racecheck_ledger_written"

void racecheck_ledger_thread_begins(void *created_from, int detached);
void racecheck_ledger_thread_returned(void);
/* The program asked for a thread (called before it is made). */
void racecheck_ledger_thread_created(void);
/* A step of the schedule was not taken: its thread ended first, or was never created
 * (shim/scheduler.c). */
void racecheck_ledger_schedule_void(int step, int never_created);
/* A choice of who goes on at a point where more than one thread could (shim/scheduler.c,
 * exploring): the index-th, made by thread `from`, for thread `to`, out of the threads
 * whose bits are set in choices. */
void racecheck_ledger_schedule_pick(long index, int from, int to, uint64_t choices);
/* A variable the schedule names, whose value the story tells: its bytes, at most 8. */
enum { RACECHECK_TOLD_MAX = 4 };
struct racecheck_told {
  uintptr_t addr, size;
};
/* A point the thread passed, at the program's return address site, and what the told
 * variables held as it passed (shim/scheduler.c, for the story racecheck step tells). */
void racecheck_ledger_schedule_point(int thread, uintptr_t site, const struct racecheck_told *told,
                                     int ntold);
/* The site of the point where main returned: the return lands in the C library, on no line
 * of the program. */
enum { RACECHECK_SITE_MAIN_RETURNS = 1 };
/* A condition variable signalled (all: broadcast) from the program's call at site, said
 * before the signal is sent (shim/sched_points.c). */
void racecheck_ledger_signal(const void *cond, int all, uintptr_t site);
/* An access the program made to `addr` (shim/sched_points.c): one under a lock, to memory
 * outside the thread's own stack, is shared data the lock guards; an atomic read-modify-write
 * (a fetch_add, not a flag's store), shared data updated without a lock. Counted per thread
 * for the tally. */
void racecheck_ledger_access(const void *addr);
void racecheck_ledger_atomic_update(const void *addr);
/* Around a wrapper's call into the runtime, the program's call site on TSan's shadow stack,
 * so that a report names the program's line, not the wrapper's (no-ops without TSan). */
void racecheck_shadow_enter(uintptr_t site);
void racecheck_shadow_leave(void);
/* How many threads the wrapper was asked to create, started or not. */
extern atomic_int racecheck_thread_origin_count;

#endif
