/* A lesson's schedule, as a teacher writes it in cases/lessons.txt and a learner reads it:
 * steps like `A:balance B:balance A:balance B:balance`, each a thread (main, or A, B, ... by
 * creation order) and the variable it accesses or the call it makes next, where it stops; a
 * thread alone (`A`) runs until it ends. Compiled for the
 * program's executable into what the shim's scheduler reads (shim/scheduler.c). */
#ifndef RACECHECK_SCHEDULE_H
#define RACECHECK_SCHEDULE_H

#include "text.h"
#include "work_tally.h"

#include <stddef.h>

/* The value of RACECHECK_SCHEDULE for the program at binary, into *out; returns 0. Or -1
 * with *error naming the step that cannot be (an unknown thread, variable or call). With
 * calls_only (a build without TSan, whose accesses are no points), a schedule that names a
 * variable gives 0 and *out NULL: the program runs without it. */
int schedule_compile(const char *text, const char *binary, int calls_only, char **out,
                     char **error);
/* An explored schedule, as racecheck explore prints it to be replayed: `picks: A B*3 main`,
 * the thread that goes on at each choice, in order, where more than one thread could (each
 * access to a global or static variable and each call the shim wraps is a point); after the
 * picks, the thread that runs goes on while it can. A word `@VAR` makes each access to the
 * global or static variable VAR a point too (racecheck step watches its lesson's variables). */
#define SCHEDULE_PICKS "picks:"
/* The picks as that text, threads 0..25 (main, A..Z) only. */
char *schedule_picks_text(const int *picks, size_t n);
/* Whether word names a call the shim's scheduler stops at. */
int schedule_call_known(const char *word);
/* The bytes of every global or static variable of the program at binary that bears one of
 * the names, as offsets from its ELF header, into *out (to free); how many. */
size_t schedule_variables(const char *binary, const struct strlist *names, struct byte_range **out);
/* The variables a schedule's steps name (`A:balance`), each once, pushed onto *out. */
void schedule_variable_names(const char *text, struct strlist *out);

#endif
