/* A story case's steps, read back from what it printed, for a timeline like the tutorial's
 * dry-run table. A story case runs under its lesson's schedule (cases/lessons.txt) and
 * prints each step as it happens, in one of two shapes: a table whose header names the
 * threads' columns ("step  thread 1  thread 2 ..."), or one line per step that starts with
 * the actor's name ("A read 100"). Nothing here decides a finding: the timeline only shows
 * what the program said it did. */
#ifndef RACECHECK_STORY_H
#define RACECHECK_STORY_H

#include "text.h"

struct story_step {
  int lane;             /* the actor that did it, or -1: a line of the whole program's */
  char *action;         /* what it did, as printed */
  struct strlist state; /* a table row's other cells, one per state_names ("locked by T1") */
  char *waiting;        /* waiting[i] = 1: lane i waits through this step; NULL if none */
};

struct story {
  struct strlist lanes;       /* the actors, in the order they first act */
  struct strlist state_names; /* a table's other columns after the step's ("mutex state") */
  struct story_step *steps;
  size_t len;
};

/* Reads the steps from a run's stdout lines (each without its "stdout: " mark); returns 1
 * when they tell a story of two or more actors, else 0 and nothing to free. */
int story_read(const struct strlist *lines, struct story *out);
void story_free(struct story *s);

#endif
