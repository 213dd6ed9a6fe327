/* The threads the kernel made for a program, counted from outside it. The shim's tally is
 * the program's own word, written where the program writes too, so it can be forged; this
 * count cannot. A seccomp filter (shim/watch_filter.h), installed in the child before exec,
 * or by the shim in a run a fork server forked before the program's code runs, and inherited
 * by all it starts, hands racecheck (a user notification) each rseq call, which every thread
 * glibc starts makes first (a forked child does not: it keeps its parent's): racecheck counts
 * the program's threads that made one, each once, if its main thread made one too, or, in a
 * forked run, if racecheck's own glibc registered one (glibc registers no rseq area where the
 * kernel or a tunable says no: then nothing is counted). It hands
 * racecheck each exec too: the program's process may exec once, to start, and is refused any exec
 * after (EPERM), which would run it again with options of its own for the detector. And it hands
 * racecheck each write to the lock ledger's descriptor, which racecheck vouches for or refuses
 * (ledger_vouch.h). */
#ifndef RACECHECK_CLONE_WATCH_H
#define RACECHECK_CLONE_WATCH_H

#include <sys/types.h>

struct ledger_vouch;

struct clone_watch {
  int listener;       /* the filter's notifications, or -1: nothing is counted */
  pid_t program;      /* the program's pid, as its innermost pid namespace numbers it */
  int depth;          /* how many pid namespaces it is in: 1, or 2 in a sandbox */
  pid_t program_host; /* its pid on this machine, once a call of its own showed it; or 0 */
  /* the program's threads seen (TSan's own among them, its main thread left out), by the
   * numbers the program knows them by (its innermost pid namespace's) */
  pid_t *threads;
  size_t nthreads;
  pid_t *seen; /* their thread ids: a table of seen_size, seen_used taken */
  size_t seen_size, seen_used;
  int started;                      /* the program's process has made its exec */
  int rseq_used;                    /* its main thread registered rseq: threads are counted */
  unsigned long long execs_refused; /* execs of the program's process after it */
  /* the ledger whose descriptor's writes the filter hands racecheck, or NULL */
  struct ledger_vouch *ledger;
};

/* In the child, before exec: sets no_new_privs, installs the filter (shim/watch_filter.h)
 * and sends its listener on the socket `sock`; returns 0, or -1 (the child then runs
 * unwatched). The filter hands racecheck each exec, each write-family call on the
 * descriptor `ledger` (0: none) and, if count_threads, each rseq call. */
int clone_watch_install(int sock, int ledger, int count_threads);
/* In racecheck, after the child's exec: the listener the child sent on `sock`, or -1. */
int clone_watch_receive(int sock);
/* Answers the call the listener holds: counted if a thread of the program makes it; an exec
 * refused if the program's process makes it once started, else let go on; a write to the
 * ledger vouched for or refused. */
void clone_watch_answer(struct clone_watch *w);
void clone_watch_free(struct clone_watch *w);

#endif
