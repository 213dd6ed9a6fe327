/* `racecheck explore`: runs a program under many schedules, each under TSan with the lock
 * ledger, and names the shortest schedule that shows each distinct finding. First every
 * schedule with at most K preemptions (iterative context bounding, as CHESS does: a
 * preemption is a pick of another thread where the one that runs could have gone on), in
 * order of their count of preemptions, while the budget lasts; then PCT schedules
 * (probabilistic concurrency testing: random thread priorities, lowered at a few random
 * choices) drawn from the seed for the rest of it. The schedules are `picks:` schedules
 * (src/run/schedule.h), so each one found replays with `racecheck step`. */
#ifndef RACECHECK_EXPLORE_H
#define RACECHECK_EXPLORE_H

#include "case_options.h"

/* The program a command that runs one (explore, step) was given: a lesson's case by name,
 * or a learner's .c files, built as show builds them, then -- and its arguments. */
struct target {
  char **argv;      /* the program and its arguments */
  char *operands;   /* how to name it again on a command line */
  double timeout_s; /* its own deadline (a case's Options: line), or the runner's */
  char **sources;   /* its .c files, for its lines */
  size_t nsources;
};

/* Returns 0, or prints why not and returns 2. */
int target_open(const struct options *o, int argc, char **argv, const char *command,
                struct target *out);
void target_free(struct target *t);

int cmd_explore(const struct options *o, int argc, char **argv);

#endif
