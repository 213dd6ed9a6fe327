/* What a case's header comment says about it: the lines a learner reads first, and which
 * detector runs it. A line "Detector: valgrind --tool=drd --exclusive-threshold=50" names
 * the command (no shell: its words are the start of argv); without one, the case is built
 * with ThreadSanitizer and runs on its own. A line "Options: --timeout S" gives the case a
 * deadline of its own, for a program whose expected file says how long it ran. */
#ifndef RACECHECK_CASE_INFO_H
#define RACECHECK_CASE_INFO_H

#include "text.h"

struct case_info {
  struct strlist header;   /* the first comment's lines, without the comment marks */
  struct strlist detector; /* the detector's words; empty for ThreadSanitizer */
  double timeout_s;        /* from its Options: line; 0: the runner's default */
  int *bug_lines;          /* where the case marks that it breaks its rule (a BUG comment),
                              counted from 1; none in a case that keeps it */
  size_t nbug_lines;
};

/* Returns 0, or -1 with errno set and nothing to free: the source cannot be read, or
 * EINVAL, its Options: line is not "--timeout S" with S a number of seconds above 0. */
int case_info_read(const char *source_path, struct case_info *out);
void case_info_free(struct case_info *info);
int case_runs_under_valgrind(const struct case_info *info);
/* The rule the case is about: its header's "Rule: " line without the word, or NULL. */
const char *case_info_rule(const struct case_info *info);

/* The names of the cases in cases_dir (its NAME.c files), sorted; -1 with errno set when
 * the folder cannot be read. */
int list_cases(const char *cases_dir, struct strlist *out);

#endif
