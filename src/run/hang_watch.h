/* Watches a running process through /proc and says when it is asleep: every thread
 * blocked in the kernel on a wait with no deadline, and none of them moving. */
#ifndef RACECHECK_HANG_WATCH_H
#define RACECHECK_HANG_WATCH_H

#include <stddef.h>
struct ledger;
#include <sys/syscall.h>
#include <sys/types.h>

/* One thread as /proc showed it in the last sample. */
struct thread_state {
  long tid;
  char state;                /* 'R' running, 'S' sleeping, ... */
  long syscall;              /* the system call it sleeps in, or -1 */
  unsigned long long arg[4]; /* its first arguments: for a futex, address, op, value, timeout */
};

/* Consecutive samples of one cadence with nothing moving. */
struct quiet {
  int samples;
  unsigned long long switches; /* context switches of the blocked threads, last time */
  size_t blocked;
};

/* Where racecheck sees a program's processes: /proc, or for a program inside a sandbox's pid
 * namespace that namespace's own /proc, through the root of its first process, `enter`:
 * there the pids are those the program and its ledger know. A tool that attaches (gdb)
 * enters the namespaces of `enter` (0: none). */
struct proc_view {
  char root[64];
  pid_t enter;
};

struct hang_watch {
  pid_t pid;
  struct proc_view view;
  const struct ledger *ledger; /* what the lock ledger says the threads wait for, or NULL */
  struct quiet slow;           /* the samples every HANG_SAMPLE_MS */
  struct quiet quick;          /* the quick looks after the ledger announced a wait */
  int handlers_are_a_tools;    /* the process's signal handlers are valgrind's, which catches every
                                  signal itself: the caller has found that the program sets none */
  /* TSan's helper threads, napping: 1, or 2 in a run forked from a fork server (the runtime
   * starts one in a forked child, and one again at the program's first pthread_create) */
  int helpers;
  pid_t server;                 /* the fork server the process was forked from, or 0 */
  struct thread_state *threads; /* the last sample's threads */
  size_t nthreads;
  long awake; /* the thread the last sample found awake, looked at first next time */
  int still;  /* the last sample found every thread asleep: confirm it soon */
};

enum { HANG_SAMPLE_MS = 100 };

/* The system calls a thread waits in, numbered as /proc/PID/task/TID/syscall shows them on
 * the machine racecheck is built for. */
enum {
  SYS_FUTEX = SYS_futex,
  SYS_NANOSLEEP = SYS_nanosleep,
  SYS_CLOCK_NANOSLEEP = SYS_clock_nanosleep,
};

/* Watches pid as the view shows it (NULL: the machine's /proc). */
void hang_watch_init(struct hang_watch *w, pid_t pid, const struct proc_view *view,
                     int handlers_are_a_tools);
/* Takes one sample; call it every HANG_SAMPLE_MS. Returns 1 once the process is asleep, and
 * then holds every thread's state. */
int hang_watch_sample(struct hang_watch *w);
/* A quick look, between samples, after the ledger announced a wait: returns 1 once two
 * looks agree that every thread is asleep where the ledger says. */
int hang_watch_quick(struct hang_watch *w);
/* Whether the last sample's every thread is blocked in a wait the lock ledger announced, on
 * the very futex it named: then the ledger knows what each waits for and where. */
int hang_watch_explained(const struct hang_watch *w);
/* Records every thread's state as it is now, asleep or not. */
void hang_watch_snapshot(struct hang_watch *w);
void hang_watch_free(struct hang_watch *w);

/* One process as /proc/PID/stat shows it. */
struct process {
  pid_t pid, ppid, group;
  char state;
};

/* Calls visit for every process on the machine until it returns non-zero; returns that. */
int each_process(int (*visit)(const struct process *p, void *ctx), void *ctx);
/* The same, for every process the view shows. */
int each_process_in(const struct proc_view *view, int (*visit)(const struct process *p, void *ctx),
                    void *ctx);
/* The machine's own /proc. */
void proc_view_host(struct proc_view *view);
/* A sandbox's pid namespace's /proc, seen through its first process `first` (a host pid). */
void proc_view_sandbox(struct proc_view *view, pid_t first);

/* A thread that waits for good: a futex wait with no deadline. */
int waits_for_good(const struct thread_state *t);

#endif
