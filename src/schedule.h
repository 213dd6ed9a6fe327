/* A lesson's schedule, as a teacher writes it in cases/lessons.txt and a learner reads it:
 * steps like `A:balance B:balance A:balance B:balance`, each a thread (main, or A, B, ... by
 * creation order) and the variable it accesses or the call it makes next, where it stops; a
 * thread alone (`A`) runs until it ends. Compiled for the
 * program's executable into what the shim's scheduler reads (shim/scheduler.c). */
#ifndef RACECHECK_SCHEDULE_H
#define RACECHECK_SCHEDULE_H

/* The value of RACECHECK_SCHEDULE for the program at binary, into *out; returns 0. Or -1
 * with *error naming the step that cannot be (an unknown thread, variable or call). With
 * calls_only (a build without TSan, whose accesses are no points), a schedule that names a
 * variable gives 0 and *out NULL: the program runs without it. */
int schedule_compile(const char *text, const char *binary, int calls_only, char **out,
                     char **error);
/* Whether word names a call the shim's scheduler stops at. */
int schedule_call_known(const char *word);

#endif
