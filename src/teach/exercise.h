/* Exercises: a lesson's broken program for a learner to fix, described by a data file,
 * exercises-data/CASE.txt, named after the lesson's breaking case (cases/lessons.txt):
 *   task: one sentence, what to do
 *   twin: the fixed case (default: the first case that keeps the rule on the lesson's line)
 *   threads: how many threads the program must still make (default 0)
 *   lockers: how many threads (main included) must each lock and unlock (default 0)
 *   joins: "forbidden" when threads joined one by one before the next is made are no fix
 *   vet: "copies" when the lesson's rule is that no lock is copied: a fix that still copies
 *     one (racecheck vet) fails, whatever its runs show; "unlocks" when it is that every way
 *     out of a function unlocks: a fix with a way out that keeps a lock (vet's unlockpaths)
 *     fails, even one no run took
 *   shared: the lesson's shared variables, space-separated, beside those its schedule names
 *     and its breaking case's races are on: `lockers:` threads must each touch one of them
 *     holding a lock
 *   hint: one per line, from a nudge to nearly the fix
 *   unforced: a line the unforced runs must end with (one per line), where the twin's
 *     story is told in the order the schedule forces; default: all the twin's lines
 * The output a fix must print is the twin's, from its expected file. Adding an exercise is
 * adding one such file. */
#ifndef RACECHECK_EXERCISE_H
#define RACECHECK_EXERCISE_H

#include "options.h"
#include "text.h"

struct exercise {
  int number; /* the lesson's number, in the demo's order, from 1 */
  char *name; /* its breaking case: "counter_racy" */
  char *twin; /* the case with the fix */
  char *rule; /* the rule, from the case's header */
  char *task;
  long threads, lockers;
  int joins_forbidden;
  int vet_copies;  /* the rule is checked statically too: racecheck vet finds no copy */
  int vet_unlocks; /* and here: vet finds no way out that keeps a lock */
  struct strlist hints;
  struct strlist output;          /* the twin's "stdout: " lines, as expected-file patterns */
  struct strlist unforced_output; /* the same, for unforced runs; empty: `output` */
  /* the lesson's shared variables: `shared:`, those its schedule's steps name and those its
   * breaking case's expected races are on; a fix's lockers must touch one holding a lock */
  struct strlist shared;
};

/* The exercise LESSON names (a number or a breaking case's name); 0, or -1 with *error
 * saying why, and for a lesson that is no exercise, which ones there are. */
int exercise_find(const struct options *o, const char *lesson, struct exercise *out, char **error);
/* Every exercise, in the lessons' order. */
int exercise_list(const struct options *o, struct exercise **out, size_t *n, char **error);
void exercise_free(struct exercise *e);
void exercises_free(struct exercise *list, size_t n);

/* Where a learner's copy of the exercise is: exercises/NAME/, and NAME.c in it. */
char *exercise_folder(const struct options *o, const struct exercise *e);
char *exercise_source(const struct options *o, const struct exercise *e);

#endif
