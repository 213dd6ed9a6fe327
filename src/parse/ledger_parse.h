/* What the lock ledger in the shim (shim/lock_ledger.c) wrote during a run, as data: one
 * record a line. The only file that knows the ledger's words. A program can write into
 * its own memory, not into racecheck's parser: a line that is not exactly a record of a
 * process that announced itself is counted and dropped. Addresses are as the program saw
 * them; each record carries its process's `base` (where its ELF header was), so that an
 * address less the base is an offset into the executable. */
#ifndef RACECHECK_LEDGER_PARSE_H
#define RACECHECK_LEDGER_PARSE_H

#include <stddef.h>

enum ledger_kind {
  LEDGER_BLOCK,   /* a wait about to block: call, object, site, held */
  LEDGER_RESUME,  /* the wait it announced returned */
  LEDGER_EXIT,    /* the thread ended holding locks: site (where, or 0), held */
  LEDGER_RELOCK,  /* it takes again a lock it holds: object, site, other_site */
  LEDGER_UNLOCK,  /* it unlocks a lock it does not hold: object, site, holder_* */
  LEDGER_TALLY,   /* the thread ended (main: the process exits): locks, unlocks, sleeps,
                     guarded, atomics, guards */
  LEDGER_THREADS, /* the process exits: threads_created, created_after_join */
  LEDGER_VOID,    /* a step of the schedule not taken: step, never_created (else it ended) */
  LEDGER_NEST,    /* a lock taken while others were held: object, site, held (before it) */
  LEDGER_LEAK,    /* the process exits, and nobody joined or detached this thread */
  LEDGER_PICK,    /* exploring, a choice of who goes on: step, pick_from, pick_to, choices */
  LEDGER_POINT,   /* telling the story, a point passed: pick_from (its thread), site, values */
  LEDGER_SIGNAL,  /* a condition signalled: object, site, all, waiters, epoch */
};

/* Who waited on a condition when it was signalled. */
enum ledger_waiters { LEDGER_SOMEBODY_WAITED, LEDGER_NOBODY_WAITED, LEDGER_WAITERS_UNKNOWN };

struct ledger_lock {
  unsigned long long lock, site; /* site: where it was taken (a return address) */
};

/* A variable's value as the story passed a point: its address, its size in bytes (at most
 * 8) and its bytes, little-endian. */
struct ledger_value {
  unsigned long long address, size, bits;
};

struct ledger_record {
  enum ledger_kind kind;
  long pid, tid;
  unsigned long long base;
  unsigned long long created;    /* the return address of its pthread_create; 0 for main */
  const char *call;              /* LEDGER_BLOCK: "pthread_mutex_lock", "pthread_join"... */
  unsigned long long object;     /* the lock, or what the wait is for */
  unsigned long long site;       /* the return address of the call; LEDGER_EXIT: where it ended */
  unsigned long long other_site; /* relock: where it took it before; unlock: the holder's */
  long holder_tid;               /* LEDGER_UNLOCK: the thread that holds it, or 0 */
  unsigned long long holder_created;
  struct ledger_lock *held;
  size_t nheld;
  struct ledger_value *values; /* LEDGER_POINT: the variables the schedule names */
  size_t nvalues;
  unsigned long long locks, unlocks, sleeps; /* LEDGER_TALLY */
  unsigned long long guarded, atomics; /* LEDGER_TALLY: shared accesses under a lock, atomic */
  unsigned long long *guards; /* LEDGER_TALLY: the program's globals touched under a lock */
  size_t nguards;
  unsigned long long threads_created, created_after_join; /* LEDGER_THREADS */
  unsigned long long step, never_created;                 /* LEDGER_VOID, from 0 */
  unsigned long long pick_from, pick_to, choices; /* LEDGER_PICK: threads, choices as bits */
  /* a condition wait (LEDGER_BLOCK), which wait on its condition it is, from 1 (0: not
   * counted); a signal, how many waits on it had begun before it */
  unsigned long long epoch;
  int all;                     /* LEDGER_SIGNAL: a broadcast */
  enum ledger_waiters waiters; /* LEDGER_SIGNAL */
};

struct ledger {
  struct ledger_record *records;
  size_t len;
  size_t rejected;                  /* lines that were not records */
  struct ledger_process *processes; /* the processes that announced themselves */
  size_t nprocesses;
  /* each thread's latest records, by pid and tid: a hang of thousands of threads asks after
   * each of them, and must not read the whole ledger for each */
  struct ledger_thread_records *threads;
  size_t threads_size, threads_used; /* a hash table: slots, and slots taken */
  size_t *signals;                   /* the indices of the LEDGER_SIGNAL records */
  size_t nsignals;
};

/* Adds the records of every whole line of text to *l; returns how many bytes that was, so
 * that a watch can hand over the rest once it is complete. */
size_t ledger_parse(const char *text, size_t len, struct ledger *l);
void ledger_free(struct ledger *l);

/* Where process pid's executable was loaded, or 0 when the process did not announce itself. */
unsigned long long ledger_base(const struct ledger *l, long pid);
/* An address as an offset into the executable, or 0 when it is not one. */
unsigned long long ledger_offset(const struct ledger_record *r, unsigned long long address);
/* The code and data offsets the records name, each once: what needs a name. */
void ledger_offsets(const struct ledger *l, unsigned long long **code, size_t *ncode,
                    unsigned long long **data, size_t *ndata);

/* The latest record of the thread tid of process pid, or NULL. */
const struct ledger_record *ledger_latest(const struct ledger *l, long pid, long tid);
/* The thread's latest record that lists what it held: a wait it announced, or its end. */
const struct ledger_record *ledger_last_held(const struct ledger *l, long pid, long tid);
/* The wait the thread announced and has not returned from, or NULL. */
const struct ledger_record *ledger_open_wait(const struct ledger *l, long pid, long tid);

/* What the ledger says of the signals on the condition that `wait` (a condition wait still
 * open: the thread sleeps in it for good) waits on. */
enum ledger_signalled {
  LEDGER_SIGNALS_UNKNOWN,  /* signals came, but none can be said to be the one it needed */
  LEDGER_SIGNALLED_BEFORE, /* the last signal came after the previous wait on it began and
                              before this one, when nobody waited, and none came after */
  LEDGER_NEVER_SIGNALLED,  /* the program never signalled it, before the wait or after */
};
enum ledger_signalled ledger_signals(const struct ledger *l, const struct ledger_record *wait,
                                     const struct ledger_record **signal);

#endif
