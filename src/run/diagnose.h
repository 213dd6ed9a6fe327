/* What racecheck says about a program that hung or ran out of time, where the detector is
 * silent: each thread, where it is, what it waits for and who holds that. Go's runtime says
 * "all goroutines are asleep"; this is the same diagnosis for C. */
#ifndef RACECHECK_DIAGNOSE_H
#define RACECHECK_DIAGNOSE_H

#include "child.h"
#include "hang_watch.h"
#include "ledger_parse.h"
#include "report.h"
#include "stacks.h"
#include "symbols.h"

struct hang_report {
  enum child_end why; /* CHILD_HUNG or CHILD_TIMEOUT */
  double timeout_s;
  long pid;
  struct thread_state *threads; /* /proc's view */
  size_t nthreads;
  long *mutex_owners; /* per thread: the owner tid glibc keeps in the mutex it waits for */
  struct stacks stacks;
  int from_ledger; /* the lock ledger knew every thread's wait: gdb was not asked */
};

/* Looks at the live process: owners from /proc/PID/mem, then stacks and names from gdb,
 * unless the lock ledger already says where each thread of a hung program waits. */
void hang_report_take(pid_t pid, enum child_end why, double timeout_s, const struct hang_watch *w,
                      const char *gdb, struct hang_report *out);
/* The diagnosis as a report: each thread, its wait and the owner of what it waits for, and
 * from the lock ledger (which may be empty) where that owner took it. */
void hang_report_to_report(const struct hang_report *r, const struct ledger *l,
                           const struct symbols *s, struct report *out);
void hang_report_free(struct hang_report *r);

#endif
