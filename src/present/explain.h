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
/* Gives the text of a line of the program's source, or NULL (to free). */
typedef char *(*source_line_fn)(const char *file, int line, void *ctx);

/* The explanation of this finding: its kind's, or one closer to what the run showed: two
 * kinds of waiter asleep on one condition variable, a deadlock in a condition wait (a lost
 * wakeup, a condition never signalled, or either, as the lock ledger saw its signals),
 * a race whose read is the test of a loop (a spin on a flag, seen in the source, which
 * `source` gives where it can; it may be NULL). Text, HTML and the demo all ask here. */
const struct explanation *explain_report(const struct report *r, source_line_fn source, void *ctx);

struct run_findings;
/* Plain words for each piece of detector jargon the run's lines show ("exit 66", "write 4",
 * "As if synchronized via sleep", a timeout's deadline), one line each, into `out`. */
void explain_jargon(const struct run_findings *f, struct strlist *out);

/* What a run with no finding proves, and what it does not. */
extern const char CLEAN_RUN[];

#endif
