/* Watches a running process through /proc and says when it is asleep: every thread
 * blocked in the kernel on a wait with no deadline, and none of them moving. */
#ifndef RACECHECK_HANG_WATCH_H
#define RACECHECK_HANG_WATCH_H

#include <stddef.h>
#include <sys/syscall.h>
#include <sys/types.h>

/* One thread as /proc showed it in the last sample. */
struct thread_state {
  long tid;
  char state;                /* 'R' running, 'S' sleeping, ... */
  long syscall;              /* the system call it sleeps in, or -1 */
  unsigned long long arg[4]; /* its first arguments: for a futex, address, op, value, timeout */
};

struct hang_watch {
  pid_t pid;
  int handlers_are_a_tools; /* the process's signal handlers are valgrind's, which catches every
                               signal itself: the caller has found that the program sets none */
  int quiet_samples;        /* consecutive samples with nothing moving */
  unsigned long long last_switches; /* context switches of the blocked threads */
  size_t last_blocked;
  struct thread_state *threads; /* the last sample's threads */
  size_t nthreads;
};

enum { HANG_SAMPLE_MS = 100 };

/* The system calls a thread waits in, numbered as /proc/PID/task/TID/syscall shows them on
 * the machine racecheck is built for. */
enum {
  SYS_FUTEX = SYS_futex,
  SYS_NANOSLEEP = SYS_nanosleep,
  SYS_CLOCK_NANOSLEEP = SYS_clock_nanosleep,
};

void hang_watch_init(struct hang_watch *w, pid_t pid, int handlers_are_a_tools);
/* Takes one sample; call it every HANG_SAMPLE_MS. Returns 1 once the process is asleep, and
 * then holds every thread's state. */
int hang_watch_sample(struct hang_watch *w);
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

/* A thread that waits for good: a futex wait with no deadline. */
int waits_for_good(const struct thread_state *t);

#endif
