/* `racecheck try`: builds a learner's fix of an exercise with TSan and the shim, runs it
 * under the lesson's forced schedule and then unforced, again and again, and grades it as
 * data: the detector must be silent, the output the fixed twin's, and the work still done
 * by threads. A failure carries its reason, decided from the typed findings and the
 * shim's tally; exercise_render.c puts it into words. */
#ifndef RACECHECK_EXERCISE_TRY_H
#define RACECHECK_EXERCISE_TRY_H

#include "case_options.h"
#include "exercise.h"

#include <stdio.h>

enum try_outcome { TRY_PASS, TRY_FAIL, TRY_ERROR };

enum try_reason {
  REASON_NONE,
  REASON_DOES_NOT_BUILD,   /* clang's words in `words` */
  REASON_DETECTOR_OFF,     /* it switches the detector off: how, in `object` */
  REASON_RACE_UNLOCKED,    /* a race, no side holding a lock: `object` */
  REASON_RACE_OWN_MUTEXES, /* each side held a mutex, not the same: `mutex_a`, `mutex_b` */
  REASON_RACE_ONE_SIDE,    /* one side held a lock, the other none: `object` */
  REASON_RACE_SLEPT,       /* a race in a program that sleeps: timing is not ordering */
  REASON_FORGOT_UNLOCK,    /* a thread ended holding a lock, maybe others blocked on it */
  REASON_KEPT_IN_LOOP,     /* a loop's turn kept the lock, and the next turn waits for it */
  REASON_DOUBLE_LOCK,      /* a thread waits for a lock it holds itself */
  REASON_COPIED_LOCKED,    /* waits on a copy of a locked mutex, which nobody holds */
  REASON_DEADLOCK,         /* threads wait for each other */
  REASON_LOST_WAKEUP,      /* a thread waits on a condition no thread is left to signal */
  REASON_LOCK_ORDER,       /* two locks taken in both orders */
  REASON_HELD_TOO_LONG,    /* a lock held across a slow call */
  REASON_OTHER_FINDING,    /* any other finding: its first line in `object` */
  REASON_TIMEOUT,          /* it ran until killed */
  REASON_FORKED,           /* it made more than `needed` processes, and was killed */
  REASON_MEMORY,           /* it held more than `needed` MiB in RAM, and was killed */
  REASON_EXIT,             /* it ended with an exit code or signal: `words` */
  REASON_OUTPUT,           /* it printed `printed`, not `wanted` */
  REASON_NOT_COUNTED,      /* it did not return from main, so its work is unknown */
  REASON_UNBALANCED,       /* a thread locked `seen` times, unlocked `needed` times */
  REASON_TOO_FEW_THREADS,  /* `seen` threads made, `needed` needed */
  REASON_TOO_FEW_LOCKERS,  /* `seen` threads locked and unlocked, `needed` needed */
  REASON_SERIALISED,       /* `seen` threads made after a join had returned */
  REASON_FORGED_TALLY,     /* its tally says `seen` threads; the kernel made `needed` */
  REASON_ATOMIC_NOT_LOCK,  /* threads updated shared data atomically, `seen` under a lock */
  REASON_COPIES_LOCK,      /* racecheck vet finds a lock copied: its words in `object` */
  REASON_PATH_KEEPS_LOCK,  /* every run passed; vet finds a way out that keeps a lock: `object` */
  REASON_EXEC_REFUSED,     /* it tried to exec, `seen` times, once started: refused */
  REASON_SHARED_UNLOCKED,  /* `seen` threads touched the lesson's `object` holding a lock,
                              `needed` needed; `absent`: the program has no such variable */
  REASON_LEDGER_WRITTEN,   /* it wrote the ledger itself: `seen` writes refused, or its file
                              held records the shim never wrote (`absent`) */
  REASON_KINDS
};

struct try_verdict {
  enum try_outcome outcome;
  enum try_reason reason;
  char *error;   /* TRY_ERROR: why it could not be tried */
  char *finding; /* the finding behind the reason, as racecheck writes it, or NULL */
  char *object;  /* the variable or lock the finding is on */
  char *mutex_a, *mutex_b;
  char *words; /* clang's words, an exit status */
  /* A thread ended holding a lock: the function and line where the run saw it locked (0 if
   * not known); and the ways out of that function that keep it, as vet names them. */
  char *locked_in;
  int locked_line;
  struct strlist ways_out;
  char *printed, *wanted;
  unsigned long long seen, needed;
  int absent;
  int stress;     /* the failing run was an unforced one */
  size_t runs;    /* how many runs were made: the last is the one that failed */
  size_t planned; /* how many a pass takes: the forced run and the unforced ones */
  /* Exploring, after the forced run: how many schedules ran, out of the budget, with at most
   * `preemptions` preemptions first; whether every such schedule ran; the shortest schedule
   * that showed a problem (its run is the failed one), or why none were explored. */
  long explored, budget;
  long explored_timed_out; /* of them, those that timed out, and judged nothing */
  long explored_spoiled;   /* of them, those the detector failed in, or that could not run */
  long explored_bounded;   /* of them, those with at most `preemptions`; then PCT's */
  int preemptions, explored_every_bounded;
  char *schedule;
  const char *not_explored;
  double seconds; /* building and running, all told */
};

/* Tries the exercise on `source`: a forced run, then schedules explored (o->budget if
 * given, else TRY_EXPLORE_BUDGET), then unforced runs (o->repeat if given, else
 * TRY_STRESS_RUNS), until one fails. */
enum { TRY_STRESS_RUNS = 10, TRY_EXPLORE_BUDGET = 20, TRY_EXPLORED_TIMEOUT_S = 3 };
void exercise_try(const struct options *o, const struct exercise *e, const char *source,
                  struct try_verdict *out);
void try_verdict_free(struct try_verdict *v);

/* The words (exercise_render.c): a reason's stable id ("own_mutexes"), what was seen, and
 * the one sentence a beginner reads last. */
const char *try_reason_id(enum try_reason r);
char *try_reason_text(const struct try_verdict *v);
const char *try_advice(const struct try_verdict *v);
/* The verdict for a learner, ending "PASS: ..." or "FAIL: ...". */
void try_verdict_print(FILE *out, const struct exercise *e, const char *source,
                       const struct try_verdict *v);

int cmd_exercise(const struct options *o, int argc, char **argv);
int cmd_hint(const struct options *o, int argc, char **argv);
int cmd_try(const struct options *o, int argc, char **argv);

#endif
