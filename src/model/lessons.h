/* cases/lessons.txt: the tutorial's lessons, in its order. One lesson a line: first the case
 * that breaks the rule, then the cases that keep it; after a colon, what the lesson is about,
 * as the kinds of finding a detector gives when it sees the rule broken (data_race,
 * lock_order, mutex_misuse, held_too_long, deadlock...: the kinds of
 * docs/racecheck.schema.json). A line `schedule: STEPS` after a lesson is its schedule, which
 * every run of its cases follows (src/run/schedule.h). Lines starting with '#' are comments. */
#ifndef RACECHECK_LESSONS_H
#define RACECHECK_LESSONS_H

#include "report.h"
#include "text.h"

struct lesson {
  struct strlist cases;     /* in the line's order */
  char about[REPORT_KINDS]; /* about[k]: the lesson is about findings of kind k */
  char *schedule;           /* its steps as the teacher wrote them, or NULL */
};

struct lessons {
  struct lesson *items;
  size_t len;
};

/* Reads cases_dir/lessons.txt. Returns 0; or -1 with *error saying what is wrong (a file
 * that cannot be read, or a kind that is none), and no lesson. */
int lessons_read(const char *cases_dir, struct lessons *out, char **error);
/* The schedule of the lesson of the case named in cases_dir/lessons.txt, newly allocated;
 * NULL when there is none (or no lessons.txt). */
char *lesson_schedule(const char *cases_dir, const char *name);
/* The lesson that names the case, or NULL. */
const struct lesson *lesson_of(const struct lessons *l, const char *name);
void lessons_free(struct lessons *l);

#endif
