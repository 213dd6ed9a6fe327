/* Watches a running process through /proc and says when it is asleep: every thread
 * blocked in the kernel on a wait with no deadline, and none of them moving. */
#ifndef RACECHECK_HANG_WATCH_H
#define RACECHECK_HANG_WATCH_H

#include <sys/types.h>

struct hang_watch {
  pid_t pid;
  int quiet_samples;                /* consecutive samples with nothing moving */
  unsigned long long last_switches; /* context switches of the blocked threads */
  unsigned last_threads;
};

void hang_watch_init(struct hang_watch *w, pid_t pid);
/* Takes one sample; call it every HANG_SAMPLE_MS. Returns 1 once the process is asleep. */
int hang_watch_sample(struct hang_watch *w);

enum { HANG_SAMPLE_MS = 100 };

#endif
