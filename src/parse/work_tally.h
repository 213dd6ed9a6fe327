/* The work a program's threads did, as the shim's lock ledger counted it: how many threads
 * it made, how many of those after a join had returned, and for each thread that ended,
 * its lock and unlock calls and its sleeps. What `racecheck try` reads to tell a fix that
 * keeps the threads at work from one that takes them out. */
#ifndef RACECHECK_WORK_TALLY_H
#define RACECHECK_WORK_TALLY_H

#include "ledger_parse.h"

#include <stddef.h>

struct thread_tally {
  int main; /* the main thread, not one the program made */
  long tid; /* as the program knows it */
  unsigned long long locks, unlocks, sleeps;
  /* accesses to memory outside its own stack while it held a lock: data the lock guards */
  unsigned long long guarded;
  unsigned long long atomics; /* atomic read-modify-writes of such memory (fetch_add) */
  /* offsets into the executable of the globals it touched holding a lock (the first few) */
  unsigned long long *guards;
  size_t nguards;
};

struct work_tally {
  int counted; /* the process exited and said what it did; nothing else is known if not */
  unsigned long long threads_created, created_after_join;
  struct thread_tally *threads; /* every thread that ended, main last */
  size_t nthreads;
};

/* The tally of the ledger's first process (the program, not what it forked). */
void work_tally_read(const struct ledger *l, struct work_tally *out);
/* Threads the program made that took a lock, touched shared data holding it, and gave it
 * back, at least once each. */
size_t work_tally_lockers(const struct work_tally *t);
/* Threads (main too) that took a lock, touched one of the given byte ranges of the
 * executable (offsets from its ELF header) holding it, and gave it back. */
struct byte_range {
  unsigned long long offset, size;
};
size_t work_tally_lockers_of(const struct work_tally *t, const struct byte_range *ranges,
                             size_t nranges);
/* Threads the program made that updated shared data atomically. */
size_t work_tally_atomic_updaters(const struct work_tally *t);
/* Sleeps of every thread. */
unsigned long long work_tally_sleeps(const struct work_tally *t);
void work_tally_free(struct work_tally *t);

#endif
