/* What each kind of finding means, in plain words, and the usual fix: what `show` and the
 * demo print under a finding for a learner. */
#ifndef RACECHECK_EXPLAIN_H
#define RACECHECK_EXPLAIN_H

#include "report.h"

struct explanation {
  const char *means; /* what happened, for someone who has not seen it before */
  const char *fix;   /* what usually mends it */
};

/* The explanation of a kind; every kind has one. */
const struct explanation *explain(enum report_kind kind);

/* A finding of this kind in a few words ("race", "deadlock"); every kind has them. */
const char *kind_shown(enum report_kind kind);
/* The explanation of this finding: its kind's, or one closer to what it shows (a deadlock
 * in a condition wait is a signal never sent, not a mutex never unlocked). */
const struct explanation *explain_report(const struct report *r);

/* What a run with no finding proves, and what it does not. */
extern const char CLEAN_RUN[];

#endif
