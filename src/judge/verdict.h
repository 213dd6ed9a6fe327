/* A case's verdict as data: its status, the line that says why, what is printed under it and
 * the run it judged; its one way to be printed, and its form as a kept file (`ninja check`
 * keeps one per case until something it read changes). check fills it, bless, try and the
 * report read it, and the text, JSON and JUnit outputs print it. */
#ifndef RACECHECK_VERDICT_H
#define RACECHECK_VERDICT_H

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

/* "PASS", "FAIL", "ENV", "FLAKY". */
const char *verdict_word(enum verdict_status s);
/* "PASS  NAME: summary" and the details under it, as `check` prints them, escaped. */
void verdict_print(FILE *out, const struct verdict *v);
void verdict_free(struct verdict *v);

/* The verdict as a kept file holds it: a first line naming its status, then what
 * verdict_print prints. malloc'd. */
char *verdict_kept_text(const struct verdict *v);
/* The status a kept file's first line names, with *rest at what verdict_print printed;
 * -1 when the text is not a kept verdict. */
int verdict_kept_status(const char *text, const char **rest);
/* From a kept verdict: its status and its summary (to free); -1 when the text is not one. */
int verdict_kept_summary(const char *text, const char *name, enum verdict_status *status,
                         char **summary);

#endif
