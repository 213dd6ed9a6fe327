/* The threads the kernel made for a program, counted from outside it. The shim's tally is
 * the program's own word, written where the program writes too, so it can be forged; this
 * count cannot. A seccomp filter, installed in the child before exec and inherited by all
 * it starts, hands each clone and clone3 call to racecheck (a user notification), which
 * counts those that make a thread in the program's process and lets every call go on. */
#ifndef RACECHECK_CLONE_WATCH_H
#define RACECHECK_CLONE_WATCH_H

#include <sys/types.h>

struct clone_watch {
  int listener;               /* the filter's notifications, or -1: nothing is counted */
  pid_t program;              /* the program's pid, as its innermost pid namespace numbers it */
  int depth;                  /* how many pid namespaces it is in: 1, or 2 in a sandbox */
  pid_t program_host;         /* its pid on this machine, once a call of its own showed it; or 0 */
  unsigned long long threads; /* the clone calls with CLONE_THREAD the program made */
};

/* In the child, before exec: sets no_new_privs, installs the filter and sends its listener
 * on the socket `sock`; returns 0, or -1 (the child then runs uncounted). */
int clone_watch_install(int sock);
/* In racecheck, after the child's exec: the listener the child sent on `sock`, or -1. */
int clone_watch_receive(int sock);
/* Lets the call the listener holds go on, counted if it makes a thread of the program. */
void clone_watch_answer(struct clone_watch *w);

#endif
