/* Why a finding happened, as the model tells it from the report's fields alone: one answer
 * that the pictures, the page, `try` and the explanations all switch on, so that none of
 * them works it out again in words of its own. */
#ifndef RACECHECK_CAUSE_H
#define RACECHECK_CAUSE_H

#include "report.h"

enum race_cause {
  RACE_NO_LOCK,        /* neither side held a lock */
  RACE_ONE_SIDE,       /* one side held a lock, the other none */
  RACE_OWN_LOCKS,      /* each side held a lock, not the same one */
  RACE_READ_LOCK_ONLY, /* the lock in common was held by both only for reading */
};

/* A data race's cause (REPORT_DATA_RACE with two accesses; RACE_NO_LOCK with fewer). */
enum race_cause race_cause(const struct report *r);

enum hang_cause {
  HANG_OWNER_EXITED,  /* a thread waits for a lock whose owner ended holding it */
  HANG_KEPT_IN_LOOP,  /* a thread waits, at the lock call it made last turn, for itself */
  HANG_COPIED_LOCKED, /* a thread waits on a copy of a locked mutex, which nobody holds */
  HANG_SELF,          /* a thread waits for a lock it holds itself */
  HANG_EACH_OTHER,    /* threads wait for each other (or for what nobody will give) */
};

/* A deadlock's cause (REPORT_DEADLOCK): the first waiter that shows one, in their order. */
enum hang_cause hang_cause(const struct report *r);

#endif
