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
#include "run_case.h"

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

/* How to explore a program: the options' K, budget, PCT count and seed; how each schedule
 * runs (its deadline, a sandbox, the program the ledger names); and what a run shows that a
 * clean run does not, a line each (NULL: each finding, an exit that says failure, a signal,
 * a hang). */
struct explore_setup {
  const struct options *options;
  char *const *argv;
  struct run_options run;
  void (*problems)(void *context, const struct run_result *r, struct strlist *out);
  void *context;
  int quiet; /* no progress on the terminal */
  /* a server of argv's program the caller started for these runs (run_server_start), which
   * explore forks them from, starts again if it fails, and leaves to the caller; NULL:
   * explore starts its own, if the program can be one */
  struct fork_server *server;
};

/* A distinct problem, and the shortest schedule seen to show it. */
struct explore_finding {
  char *what;
  char *schedule; /* a `picks:` schedule */
  size_t length;  /* its picks */
  long first_run;
};

struct exploration {
  long runs, clean, bounded; /* bounded: the runs with at most K preemptions */
  size_t distinct;           /* distinct schedules among the runs */
  int every_bounded;         /* every schedule with at most K preemptions ran */
  struct explore_finding *findings;
  size_t nfindings;
};

struct explore_setup explore_setup_of(const struct options *o, const struct target *t);
/* Returns 0, or 2 when the program could not be run (said on stderr). */
int explore_schedules(const struct explore_setup *setup, struct exploration *out);
void exploration_free(struct exploration *x);
/* "explore OPERANDS: N distinct schedules in N runs, N clean" and how they were drawn. */
void exploration_print_counts(const struct options *o, const char *operands,
                              const struct exploration *x);
/* Where a finding was first seen, and the step command that replays its shortest schedule. */
void exploration_print_replay(const struct explore_finding *f, const char *operands);

int cmd_explore(const struct options *o, int argc, char **argv);

#endif
