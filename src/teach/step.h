/* `racecheck step --schedule S (CASE | FILE.c...)`: runs the program under the schedule (a
 * lesson's case under its own without one) and tells the whole story: each point a thread
 * passed, with its line; then what the program printed, what the detector found, and the
 * command that replays it. On a terminal and without --schedule, the learner is the
 * scheduler instead (step_play.c). */
#ifndef RACECHECK_STEP_H
#define RACECHECK_STEP_H

#include "explore.h"
#include "options.h"
#include "run_case.h"

#include <stdio.h>

int cmd_step(const struct options *o, int argc, char **argv);

/* A point as one line of at most 79 columns: the label, where it is and the line of the
 * program there, escaped (p NULL: the label alone). */
void step_print_point(const struct target *t, const char *label, const struct schedule_point *p);
/* A point of the story: its number and its thread, then as step_print_point; then what the
 * variables held as the next point (NULL: none) was passed, after the step. */
void step_print_numbered(const struct target *t, size_t number, const struct schedule_point *p,
                         const struct schedule_point *next);
/* Whether the story's first `lines` lines tell any variable's value. */
int step_values_told(const struct run_findings *f, size_t lines);
/* "main", "A", "B"... */
void step_thread_name(int thread, char out[8]);
/* What the program printed, and what the detector found, to out: each line as it is, or
 * wrapped to the terminal's width under its own indent. */
void step_print_run(FILE *out, const struct run_result *r, int wrapped);
/* The command that replays the schedule, its words quoted for a shell. */
void step_print_replay(const char *schedule, const struct target *t);

/* The learner picks who goes on at each choice, on the terminal; each access to a variable
 * the lesson's schedule names (none without one) is a choice too. Returns the exit code. */
int step_play(const struct options *o, const struct target *t, const char *lesson);

#endif
