/* Checking cases against their expected files: each check gives a verdict as data, which
 * the text, JSON and JUnit outputs print and `summary` reads back from the kept verdicts. */
#ifndef RACECHECK_CHECK_H
#define RACECHECK_CHECK_H

#include "options.h"
#include "run_case.h"

#include <stdio.h>

enum verdict_status { VERDICT_PASS, VERDICT_FAIL, VERDICT_ENV, VERDICT_FLAKY };

struct verdict {
  char *name;
  enum verdict_status status;
  char *summary;         /* the verdict line after "NAME: " */
  char *details;         /* what is printed under it: notes, the diff, hints; "" if nothing */
  struct run_result run; /* the first run, if one was made */
};

/* Runs a case o->repeat times against its expected file; runs are compared as the expected
 * file sees them, so a {{n}} count may vary but nothing else. */
void check_case(const struct options *o, const char *name, struct verdict *out);
/* "PASS  NAME: summary" and the details under it, as `check` prints them. */
void verdict_print(FILE *out, const struct verdict *v);
const char *verdict_word(enum verdict_status s);
void verdict_free(struct verdict *v);

/* Why a run says nothing about the case but something about this machine: the detector
 * could not start or failed itself, or a hang's stacks could not be read. NULL if none. */
char *run_environment_problem(const struct run_result *r);

/* Whether two runs' lines are the same, line for line. */
int same_lines(const struct strlist *a, const struct strlist *b);

/* The verdict `ninja check` kept for a case: its status and summary (to free); -1 when none
 * is kept. */
int verdict_kept_read(const struct options *o, const char *name, enum verdict_status *status,
                      char **summary);

int cmd_check(const struct options *o, int argc, char **argv);
int cmd_verdict(const struct options *o, int argc, char **argv);
int cmd_summary(const struct options *o, int argc, char **argv);

#endif
